// The rules reducer: a bank account and a shopping cart modelled with rules, each operation's
// semantics, and every way a spec or an event can be refused.
#include "eventstore/rules_reducer.h"

#include <gtest/gtest.h>

#include "eventstore/errc.h"
#include "eventstore/tests/reducer_test_support.h"

namespace eventioz::eventstore {
namespace {

using nlohmann::json;
using reducer_testing::fold;

std::shared_ptr<const rules_reducer> make_rules(const char* spec_text) {
  auto made = rules_reducer::make(json::parse(spec_text));
  EXPECT_TRUE(made.ok()) << made.error_value();
  return made.ok() ? *made : nullptr;
}

// The error of making `spec_text`; fails the test if it was accepted.
std::string spec_error(const char* spec_text) {
  auto made = rules_reducer::make(json::parse(spec_text));
  if (made.ok()) {
    ADD_FAILURE() << "accepted: " << spec_text;
    return {};
  }
  EXPECT_EQ(made.error_value(), errc::invalid_reducer);
  return made.error_value().message();
}

// The error of folding `events`; fails the test if the fold succeeded.
std::string fold_error(const reducer& folding,
                       const std::vector<reducer_testing::test_event>& events) {
  auto state = fold(folding, events);
  if (state.ok()) {
    ADD_FAILURE() << "folded into " << state->dump();
    return {};
  }
  EXPECT_EQ(state.error_value(), errc::reducer_failed);
  return state.error_value().message();
}

constexpr const char* bank_account = R"({
  "type": "rules",
  "initial": {"balance": 0, "status": "new"},
  "on": {
    "AccountOpened": [{"set": "/owner", "from": "/owner"}, {"set": "/status", "value": "open"}],
    "Deposited": [{"increment": "/balance", "by": "/amount"},
                  {"increment": "/deposits", "by": 1}],
    "Withdrawn": [{"decrement": "/balance", "by": "/amount"}],
    "AccountClosed": [{"set": "/status", "value": "closed"}]
  },
  "unknown_types": "error"
})";

TEST(rules_reducer, bank_account) {
  auto account = make_rules(bank_account);
  ASSERT_TRUE(account);
  auto state = fold(*account, {{"AccountOpened", {{"owner", "Ada"}}},
                               {"Deposited", {{"amount", 100}}},
                               {"Withdrawn", {{"amount", 30}}},
                               {"Deposited", {{"amount", 5}}}});
  ASSERT_TRUE(state.ok()) << state.error_value();
  EXPECT_EQ(*state, json::parse(R"({"balance":75,"deposits":2,"owner":"Ada","status":"open"})"));
  EXPECT_TRUE((*state)["balance"].is_number_integer());  // integers stay integral
}

TEST(rules_reducer, bank_account_refuses_an_unknown_event_type) {
  auto account = make_rules(bank_account);
  ASSERT_TRUE(account);
  std::string why = fold_error(
      *account, {{"AccountOpened", {{"owner", "Ada"}}}, {"InterestPaid", {{"amount", 1}}}});
  EXPECT_NE(why.find("event version 1 (type 'InterestPaid')"), std::string::npos) << why;
  EXPECT_NE(why.find("unknown_types"), std::string::npos) << why;
}

TEST(rules_reducer, bank_account_names_the_event_and_operation_that_failed) {
  auto account = make_rules(bank_account);
  ASSERT_TRUE(account);
  std::string why = fold_error(*account, {{"AccountOpened", {{"owner", "Ada"}}},
                                          {"Deposited", {{"amount", 10}}},
                                          {"Withdrawn", {{"sum", 3}}}});
  EXPECT_EQ(why,
            "event version 2 (type 'Withdrawn'): on.Withdrawn[0] decrement '/balance': the "
            "event's data has no '/amount'");
  why = fold_error(*account, {{"Deposited", {{"amount", "ten"}}}});
  EXPECT_NE(why.find("on.Deposited[0] increment '/balance'"), std::string::npos) << why;
  EXPECT_NE(why.find("is a string, not a number"), std::string::npos) << why;
}

constexpr const char* shopping_cart = R"({
  "type": "rules",
  "initial": {"items": [], "status": "open"},
  "on": {
    "ItemAdded": [{"append": "/items", "from": ""}, {"increment": "/count", "by": "/quantity"}],
    "ItemRemoved": [{"remove": "/items", "where": {"sku": "/sku"}},
                    {"decrement": "/count", "by": "/quantity"}],
    "CartCheckedOut": [{"set": "/status", "value": "checked_out"},
                       {"set": "/payment", "from": "/payment"}]
  }
})";

TEST(rules_reducer, shopping_cart) {
  auto cart = make_rules(shopping_cart);
  ASSERT_TRUE(cart);
  auto state = fold(*cart, {{"ItemAdded", {{"sku", "A-1"}, {"quantity", 2}}},
                            {"ItemAdded", {{"sku", "B-2"}, {"quantity", 1}}},
                            {"CartViewed", json::object()},  // not listed: ignored
                            {"ItemRemoved", {{"sku", "A-1"}, {"quantity", 2}}},
                            {"CartCheckedOut", {{"payment", {{"method", "card"}}}}}});
  ASSERT_TRUE(state.ok()) << state.error_value();
  EXPECT_EQ(*state, json::parse(R"({"items":[{"sku":"B-2","quantity":1}],"count":1,
                                   "status":"checked_out","payment":{"method":"card"}})"));
}

TEST(rules_reducer, set_creates_intermediate_objects_and_writes_array_elements) {
  auto rules = make_rules(R"({"type":"rules","on":{"E":[
      {"set":"/a/b/c","value":1}, {"set":"/list","value":[1,2]}, {"set":"/list/0","value":9},
      {"set":"/list/-","value":3}, {"set":"/esc~1aped~0","value":true}]}})");
  ASSERT_TRUE(rules);
  auto state = fold(*rules, {{"E", nullptr}});
  ASSERT_TRUE(state.ok()) << state.error_value();
  EXPECT_EQ(*state, json::parse(R"({"a":{"b":{"c":1}},"list":[9,2,3],"esc/aped~":true})"));
}

TEST(rules_reducer, set_at_the_root_replaces_the_whole_state) {
  auto rules = make_rules(R"({"type":"rules","initial":{"old":1},"on":{
      "Reset":[{"set":"","from":"/fresh"}]}})");
  ASSERT_TRUE(rules);
  auto state = fold(*rules, {{"Reset", {{"fresh", {{"new", 2}}}}}});
  ASSERT_TRUE(state.ok()) << state.error_value();
  EXPECT_EQ(*state, json::parse(R"({"new":2})"));
}

TEST(rules_reducer, set_refuses_to_walk_into_a_scalar_or_past_an_array) {
  auto rules = make_rules(R"({"type":"rules","initial":{"n":1,"list":[]},"on":{
      "IntoScalar":[{"set":"/n/x","value":1}], "PastEnd":[{"set":"/list/3","value":1}]}})");
  ASSERT_TRUE(rules);
  std::string why = fold_error(*rules, {{"IntoScalar", nullptr}});
  EXPECT_NE(why.find("/n is a number, not an object or an array"), std::string::npos) << why;
  why = fold_error(*rules, {{"PastEnd", nullptr}});
  EXPECT_NE(why.find("/list is an array of 0 elements"), std::string::npos) << why;
}

TEST(rules_reducer, increment_keeps_integers_and_mixes_to_double) {
  auto rules = make_rules(R"({"type":"rules","on":{"E":[
      {"increment":"/i","by":"/n"}, {"increment":"/d","by":0.5}, {"decrement":"/m","by":2},
      {"increment":"/x","by":1}, {"increment":"/x","by":1.5}]}})");
  ASSERT_TRUE(rules);
  auto state = fold(*rules, {{"E", {{"n", 3}}}, {"E", {{"n", 4}}}});
  ASSERT_TRUE(state.ok()) << state.error_value();
  EXPECT_EQ((*state)["i"], 7);
  EXPECT_TRUE((*state)["i"].is_number_integer());
  EXPECT_EQ((*state)["d"], 1.0);
  EXPECT_TRUE((*state)["d"].is_number_float());
  EXPECT_EQ((*state)["m"], -4);
  EXPECT_EQ((*state)["x"], 5.0);
}

TEST(rules_reducer, increment_refuses_an_integer_overflow) {
  auto rules = make_rules(R"({"type":"rules","initial":{"n":9223372036854775807},
      "on":{"E":[{"increment":"/n","by":1}]}})");
  ASSERT_TRUE(rules);
  std::string why = fold_error(*rules, {{"E", nullptr}});
  EXPECT_NE(why.find("overflows a 64-bit integer"), std::string::npos) << why;
}

TEST(rules_reducer, increment_refuses_a_non_numeric_target) {
  auto rules = make_rules(R"({"type":"rules","initial":{"s":"x"},
      "on":{"E":[{"increment":"/s","by":1}]}})");
  ASSERT_TRUE(rules);
  std::string why = fold_error(*rules, {{"E", nullptr}});
  EXPECT_NE(why.find("the state's '/s' is a string, not a number"), std::string::npos) << why;
}

TEST(rules_reducer, append_starts_an_array_and_refuses_a_non_array) {
  auto rules = make_rules(R"({"type":"rules","initial":{"s":1},"on":{
      "A":[{"append":"/tags","from":"/tag"}], "B":[{"append":"/s","value":2}]}})");
  ASSERT_TRUE(rules);
  auto state = fold(*rules, {{"A", {{"tag", "x"}}}, {"A", {{"tag", "y"}}}});
  ASSERT_TRUE(state.ok());
  EXPECT_EQ((*state)["tags"], json::parse(R"(["x","y"])"));
  std::string why = fold_error(*rules, {{"B", nullptr}});
  EXPECT_NE(why.find("the state's '/s' is a number, not an array"), std::string::npos) << why;
}

TEST(rules_reducer, remove_a_member_or_an_element_and_ignore_what_is_not_there) {
  auto rules = make_rules(R"({"type":"rules","initial":{"a":1,"b":2,"list":[1,2,3]},"on":{
      "E":[{"remove":"/a"}, {"remove":"/list/1"}, {"remove":"/missing"}, {"remove":"/x/y"},
           {"remove":"/list/7"}, {"remove":"/b/c"}]}})");
  ASSERT_TRUE(rules);
  auto state = fold(*rules, {{"E", nullptr}});
  ASSERT_TRUE(state.ok()) << state.error_value();
  EXPECT_EQ(*state, json::parse(R"({"b":2,"list":[1,3]})"));
}

TEST(rules_reducer, remove_where_matches_every_listed_field) {
  auto rules = make_rules(R"({"type":"rules","initial":{"lines":[
        {"sku":"A","size":"S"},{"sku":"A","size":"M"},{"sku":"B","size":"S"},"loose"]},
      "on":{"E":[{"remove":"/lines","where":{"sku":"/sku","size":"/size"}}],
            "Missing":[{"remove":"/nothing","where":{"sku":"/sku"}}],
            "NotArray":[{"remove":"/lines/0","where":{"sku":"/sku"}}]}})");
  ASSERT_TRUE(rules);
  auto state = fold(*rules, {{"E", {{"sku", "A"}, {"size", "S"}}}, {"Missing", {{"sku", "A"}}}});
  ASSERT_TRUE(state.ok()) << state.error_value();
  EXPECT_EQ((*state)["lines"],
            json::parse(R"([{"sku":"A","size":"M"},{"sku":"B","size":"S"},"loose"])"));
  std::string why = fold_error(*rules, {{"E", {{"sku", "A"}}}});
  EXPECT_NE(why.find("the event's data has no '/size'"), std::string::npos) << why;
  why = fold_error(*rules, {{"NotArray", {{"sku", "A"}}}});
  EXPECT_NE(why.find("is an object, not an array"), std::string::npos) << why;
}

TEST(rules_reducer, merge_applies_a_merge_patch_at_a_path) {
  auto rules = make_rules(R"({"type":"rules","initial":{"profile":{"name":"Ada","city":"X"}},
      "on":{"E":[{"merge":"/profile","from":"/changes"}], "All":[{"merge":"","from":""}]}})");
  ASSERT_TRUE(rules);
  auto state = fold(
      *rules, {{"E", {{"changes", {{"city", nullptr}, {"age", 36}}}}}, {"All", {{"extra", true}}}});
  ASSERT_TRUE(state.ok()) << state.error_value();
  EXPECT_EQ(*state, json::parse(R"({"profile":{"name":"Ada","age":36},"extra":true})"));
}

TEST(rules_reducer, star_applies_to_types_without_their_own_rules) {
  auto rules = make_rules(R"({"type":"rules","on":{
      "Named":[{"increment":"/named","by":1}], "*":[{"increment":"/other","by":1}]},
      "unknown_types":"error"})");
  ASSERT_TRUE(rules);
  auto state = fold(*rules, {{"Named", nullptr}, {"X", nullptr}, {"Y", nullptr}});
  ASSERT_TRUE(state.ok()) << state.error_value();
  EXPECT_EQ(*state, json::parse(R"({"named":1,"other":2})"));
}

TEST(rules_reducer, an_empty_list_accepts_a_type_and_changes_nothing) {
  auto rules = make_rules(R"({"type":"rules","on":{"Seen":[]},"unknown_types":"error"})");
  ASSERT_TRUE(rules);
  auto state = fold(*rules, {{"Seen", nullptr}});
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, json::object());
}

TEST(rules_reducer, initial_defaults_to_an_empty_object) {
  auto rules = make_rules(R"({"type":"rules","on":{}})");
  ASSERT_TRUE(rules);
  EXPECT_EQ(rules->initial_state(), json::object());
  auto given = make_rules(R"({"type":"rules","initial":[],"on":{}})");
  ASSERT_TRUE(given);
  EXPECT_EQ(given->initial_state(), json::array());
}

TEST(rules_reducer, identity_is_a_fixed_hash_of_the_canonical_spec) {
  // The identity is stored with snapshots: this value must never change. (Checked by hand:
  // FNV-1a 64 of Python's json.dumps(spec, sort_keys=True, separators=(",", ":")).)
  auto account = make_rules(bank_account);
  ASSERT_TRUE(account);
  EXPECT_EQ(account->identity(), "rules:ceabb29ef8fa800e");
  // Member order and white space do not matter; any change of meaning does.
  auto reordered = make_rules(R"({"on":{"E":[{"by":1,"increment":"/n"}]},"type":"rules"})");
  auto same = make_rules(R"({ "type" : "rules", "on" : { "E" : [ {"increment":"/n","by":1} ]}})");
  auto other = make_rules(R"({"type":"rules","on":{"E":[{"increment":"/n","by":2}]}})");
  ASSERT_TRUE(reordered && same && other);
  EXPECT_EQ(reordered->identity(), same->identity());
  EXPECT_NE(other->identity(), same->identity());
  EXPECT_EQ(same->identity().size(), std::string("rules:").size() + 16);
}

TEST(rules_reducer, fnv1a_64_matches_the_published_vectors) {
  EXPECT_EQ(fnv1a_64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a_64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a_64("foobar"), 0x85944171f73967e8ULL);
}

TEST(rules_reducer_spec, refuses_bad_specs_naming_the_spec_path) {
  struct refusal {
    const char* spec;
    const char* message_part;
  };
  const refusal refusals[] = {
      {R"([])", "must be a JSON object"},
      {R"({"type":"rules"})", "on: a rules spec needs \"on\""},
      {R"({"type":"rules","on":[]})", "on: a rules spec needs \"on\""},
      {R"({"type":"rules","on":{},"extra":1})", "no member 'extra'"},
      {R"({"type":"rules","on":{},"unknown_types":"fail"})", "unknown_types: must be"},
      {R"({"type":"rules","on":{"E":{}}})", "on.E: must be a list of operations"},
      {R"({"type":"rules","on":{"E":[1]}})", "on.E[0]: an operation must be an object"},
      {R"({"type":"rules","on":{"E":[{}]}})", "on.E[0]: no operation"},
      {R"({"type":"rules","on":{"Deposited":[{"set":"/a","value":1},{"incr":"/a"}]}})",
       "on.Deposited[1]: unknown operation 'incr'; use set, increment, decrement, append, "
       "remove or merge"},
      {R"({"type":"rules","on":{"E":[{"set":"/a","append":"/b","value":1}]}})",
       "on.E[0]: both 'set' and 'append'"},
      {R"({"type":"rules","on":{"E":[{"set":"/a","by":1}]}})", "set does not take \"by\""},
      {R"({"type":"rules","on":{"E":[{"set":"/a"}]}})", "set needs exactly one of"},
      {R"({"type":"rules","on":{"E":[{"set":"/a","value":1,"from":"/b"}]}})",
       "set needs exactly one of"},
      {R"({"type":"rules","on":{"E":[{"set":"a","value":1}]}})",
       "on.E[0]: set: 'a' is not a JSON pointer"},
      {R"({"type":"rules","on":{"E":[{"set":"/a~2","value":1}]}})", "is not a JSON pointer"},
      {R"({"type":"rules","on":{"E":[{"set":5,"value":1}]}})", "set takes a JSON pointer"},
      {R"({"type":"rules","on":{"E":[{"set":"/a","from":7}]}})", "\"from\" must be a JSON"},
      {R"({"type":"rules","on":{"E":[{"set":"/a","from":"x"}]}})", "\"from\": 'x' is not"},
      {R"({"type":"rules","on":{"E":[{"increment":"/a"}]}})", "increment needs \"by\""},
      {R"({"type":"rules","on":{"E":[{"decrement":"/a","by":true}]}})", "decrement needs \"by\""},
      {R"({"type":"rules","on":{"E":[{"increment":"/a","by":"amount"}]}})",
       "\"by\": 'amount' is not a JSON pointer"},
      {R"({"type":"rules","on":{"E":[{"append":"/a"}]}})", "append needs exactly one of"},
      {R"({"type":"rules","on":{"E":[{"remove":""}]}})", "remove needs a path below the root"},
      {R"({"type":"rules","on":{"E":[{"remove":"/a","where":{}}]}})",
       "\"where\" must be a non-empty object"},
      {R"({"type":"rules","on":{"E":[{"remove":"/a","where":{"sku":3}}]}})",
       "\"where.sku\" must be a JSON pointer"},
      {R"({"type":"rules","on":{"E":[{"remove":"/a","value":1}]}})",
       "remove does not take \"value\""},
      {R"({"type":"rules","on":{"E":[{"merge":"/a"}]}})", "merge needs \"from\""},
      {R"({"type":"rules","on":{"E":[{"merge":"/a","value":{}}]}})",
       "merge does not take \"value\""},
  };
  for (const auto& bad : refusals) {
    std::string why = spec_error(bad.spec);
    EXPECT_NE(why.find(bad.message_part), std::string::npos)
        << bad.spec << "\n  gave: " << why << "\n  wanted: " << bad.message_part;
  }
}

TEST(rules_reducer, from_the_whole_data_of_a_non_json_event_is_null) {
  auto rules = make_rules(R"({"type":"rules","on":{"E":[{"set":"/last","from":""}]}})");
  ASSERT_TRUE(rules);
  auto state = fold(*rules, {{"E", nullptr}});
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, json::parse(R"({"last":null})"));
}

}  // namespace
}  // namespace eventioz::eventstore
