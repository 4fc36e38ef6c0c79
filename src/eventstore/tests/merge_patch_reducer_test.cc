// The merge-patch reducer against RFC 7396's own examples, and event payload parsing.
#include "eventstore/merge_patch_reducer.h"

#include <gtest/gtest.h>

#include "eventstore/event_data.h"
#include "eventstore/tests/reducer_test_support.h"

namespace eventioz::eventstore {
namespace {

using nlohmann::json;

struct rfc_case {
  const char* target;
  const char* patch;
  const char* expected;
};

// RFC 7396 Appendix A, every row.
const rfc_case appendix_a[] = {
    {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
    {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
    {R"({"a":"b"})", R"({"a":null})", R"({})"},
    {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
    {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
    {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
    {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
    {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
    {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
    {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
    {R"({"a":"foo"})", R"(null)", R"(null)"},
    {R"({"a":"foo"})", R"("bar")", R"("bar")"},
    {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
    {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
    {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
};

TEST(merge_patch, rfc7396_appendix_a) {
  for (const auto& example : appendix_a) {
    json target = json::parse(example.target);
    apply_merge_patch(target, json::parse(example.patch));
    EXPECT_EQ(target, json::parse(example.expected)) << example.target << " + " << example.patch;
  }
}

TEST(merge_patch, rfc7396_section_3_example) {
  json target = json::parse(R"({"title":"Goodbye!","author":{"givenName":"John",
      "familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"})");
  json patch = json::parse(R"({"title":"Hello!","phoneNumber":"+01-123-456-7890",
      "author":{"familyName":null},"tags":["example"]})");
  apply_merge_patch(target, patch);
  EXPECT_EQ(target, json::parse(R"({"title":"Hello!","author":{"givenName":"John"},
      "tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"})"));
}

TEST(merge_patch, deeply_nested_patch_does_not_exhaust_the_stack) {
  constexpr int depth = 100'000;
  std::string text;
  for (int i = 0; i < depth; ++i) text += R"({"a":)";
  text += "1";
  text.append(depth, '}');
  json patch = json::parse(text);
  json target = json::object();
  apply_merge_patch(target, patch);
  const json* at = &target;
  for (int i = 0; i < depth; ++i) at = &(*at)["a"];
  EXPECT_EQ(*at, 1);
}

TEST(merge_patch_reducer, folds_events_from_an_empty_object) {
  merge_patch_reducer reducer;
  EXPECT_EQ(reducer.identity(), "merge-patch");
  EXPECT_EQ(reducer.initial_state(), json::object());
  auto state =
      reducer_testing::fold(reducer, {{"OrderPlaced", {{"status", "placed"}, {"total", 30}}},
                                      {"OrderPaid", {{"status", "paid"}, {"paid_at", "t1"}}},
                                      {"NoteCleared", {{"paid_at", nullptr}}}});
  ASSERT_TRUE(state.ok()) << state.error_value();
  EXPECT_EQ(*state, json::parse(R"({"status":"paid","total":30})"));
}

TEST(merge_patch_reducer, a_null_payload_replaces_the_state_as_rfc7396_says) {
  merge_patch_reducer reducer;
  auto state =
      reducer_testing::fold(reducer, {{"A", {{"x", 1}}}, {"Opaque", nullptr}, {"B", {{"y", 2}}}});
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, json::parse(R"({"y":2})"));
}

TEST(event_data, parses_json_and_gives_null_for_empty_or_non_json) {
  EXPECT_EQ(parse_event_data(R"({"amount": 5})"), json::parse(R"({"amount":5})"));
  EXPECT_EQ(parse_event_data("[1,2]"), json::parse("[1,2]"));
  EXPECT_EQ(parse_event_data("\"text\""), json("text"));
  EXPECT_TRUE(parse_event_data("").is_null());
  EXPECT_TRUE(parse_event_data("not json").is_null());
  EXPECT_TRUE(parse_event_data("{\"a\":").is_null());
  EXPECT_TRUE(parse_event_data(std::string_view("\xff\xfe", 2)).is_null());
}

}  // namespace
}  // namespace eventioz::eventstore
