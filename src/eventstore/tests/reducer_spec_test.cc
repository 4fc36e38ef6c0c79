// Building reducers from specs (text and JSON), and function reducers from the registry.
#include "eventstore/reducer_spec.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "eventstore/errc.h"
#include "eventstore/tests/reducer_test_support.h"

namespace eventioz::eventstore {
namespace {

using nlohmann::json;
using reducer_testing::fold;

TEST(reducer_spec, merge_patch_from_text_string_or_object) {
  reducer_registry registry;
  for (auto made : {make_reducer(std::string_view("merge-patch"), registry),
                    make_reducer(std::string_view(R"("merge-patch")"), registry),
                    make_reducer(std::string_view(R"({"type":"merge-patch"})"), registry),
                    make_reducer(json("merge-patch"), registry),
                    make_reducer(json::parse(R"({"type":"merge-patch"})"), registry)}) {
    ASSERT_TRUE(made.ok()) << made.error_value();
    EXPECT_EQ((*made)->identity(), "merge-patch");
    auto state = fold(**made, {{"A", {{"x", 1}}}, {"B", {{"x", nullptr}, {"y", 2}}}});
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(*state, json::parse(R"({"y":2})"));
  }
}

TEST(reducer_spec, rules_from_text_and_json_have_the_same_identity) {
  reducer_registry registry;
  const char* spec = R"({"type":"rules","on":{"Deposited":[{"increment":"/balance",
                        "by":"/amount"}]}})";
  auto from_text = make_reducer(std::string_view(spec), registry);
  auto from_json = make_reducer(json::parse(spec), registry);
  ASSERT_TRUE(from_text.ok()) << from_text.error_value();
  ASSERT_TRUE(from_json.ok()) << from_json.error_value();
  EXPECT_EQ((*from_text)->identity(), (*from_json)->identity());
  EXPECT_EQ((*from_text)->identity().rfind("rules:", 0), 0u);
  auto state = fold(**from_text, {{"Deposited", {{"amount", 7}}}});
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, json::parse(R"({"balance":7})"));
}

TEST(reducer_spec, refuses_what_is_not_a_spec) {
  reducer_registry registry;
  struct refusal {
    const char* text;
    const char* message_part;
  };
  const refusal refusals[] = {
      {"", "neither \"merge-patch\" nor JSON"},
      {"merge_patch", "neither \"merge-patch\" nor JSON"},
      {"{\"type\":", "neither \"merge-patch\" nor JSON"},
      {"42", "not a number"},
      {R"("rules")", "not 'rules'"},
      {R"({})", "type: a reducer spec object needs \"type\""},
      {R"({"type":7})", "type: a reducer spec object needs \"type\""},
      {R"({"type":"fold"})", "unknown reducer type 'fold'"},
      {R"({"type":"merge-patch","initial":{}})", "takes no member but \"type\""},
      {R"({"type":"rules","on":{"E":[{"incr":"/a"}]}})", "on.E[0]: unknown operation 'incr'"},
      {R"({"type":"function"})", "name: a function spec needs \"name\""},
      {R"({"type":"function","name":""})", "name: a function spec needs \"name\""},
      {R"({"type":"function","name":"nope"})", "no function reducer named 'nope'"},
      {R"({"type":"function","name":"x","version":2})", "no member 'version'"},
  };
  for (const auto& bad : refusals) {
    auto made = make_reducer(std::string_view(bad.text), registry);
    ASSERT_FALSE(made.ok()) << bad.text;
    EXPECT_EQ(made.error_value(), errc::invalid_reducer) << bad.text;
    EXPECT_NE(made.error_value().message().find(bad.message_part), std::string::npos)
        << bad.text << "\n  gave: " << made.error_value().message()
        << "\n  wanted: " << bad.message_part;
  }
}

status count_events(json& state, const event_view& event) {
  state["count"] = state.value("count", 0) + 1;
  state["last_type"] = std::string(event.type);
  return ok_status();
}

TEST(reducer_registry, function_reducers_by_name_with_a_versioned_identity) {
  reducer_registry registry;
  EXPECT_EQ(registry.find("counter"), nullptr);
  registry.add("counter", count_events, json::parse(R"({"count":0})"));
  auto made = make_reducer(json::parse(R"({"type":"function","name":"counter"})"), registry);
  ASSERT_TRUE(made.ok()) << made.error_value();
  EXPECT_EQ((*made)->identity(), "function:counter:v1");
  EXPECT_EQ((*made)->initial_state(), json::parse(R"({"count":0})"));
  auto state = fold(**made, {{"A", nullptr}, {"B", nullptr}});
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, json::parse(R"({"count":2,"last_type":"B"})"));

  // Replacing the function with a new version changes the identity (old snapshots unused).
  registry.add("counter", count_events, nullptr, 2);
  auto replaced = registry.find("counter");
  ASSERT_NE(replaced, nullptr);
  EXPECT_EQ(replaced->identity(), "function:counter:v2");
  EXPECT_TRUE(replaced->initial_state().is_null());
}

TEST(reducer_registry, a_function_failure_or_exception_becomes_reducer_failed) {
  reducer_registry registry;
  registry.add("refuses", [](json&, const event_view& event) -> status {
    if (event.type == "Bad") return error(errc::invalid_event, "amount must be positive");
    return ok_status();
  });
  registry.add("throws",
               [](json&, const event_view&) -> status { throw std::runtime_error("boom"); });
  auto refuses = registry.find("refuses");
  auto state = fold(*refuses, {{"Good", nullptr}, {"Bad", nullptr}});
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error_value(), errc::reducer_failed);
  EXPECT_EQ(state.error_value().message(),
            "event version 1 (type 'Bad'): function reducer 'refuses': amount must be positive");
  state = fold(*registry.find("throws"), {{"Any", nullptr}});
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error_value(), errc::reducer_failed);
  EXPECT_NE(state.error_value().message().find("threw: boom"), std::string::npos);
}

}  // namespace
}  // namespace eventioz::eventstore
