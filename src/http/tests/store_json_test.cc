// The event store's JSON shapes: events (data as JSON or text, empty attributes left out),
// stores, projections, and the create bodies.
#include "http/store_json.h"

#include <gtest/gtest.h>

#include "http/errc.h"

namespace eventioz::http {
namespace {

using json = nlohmann::json;

eventstore::stored_event deposited() {
  return {.stream = "account-1",
          .version = 3,
          .partition = 1,
          .offset = 42,
          .timestamp_ms = 1795600800000,
          .id = "e-3",
          .type = "Deposited",
          .source = "/atm/7",
          .time = "2026-11-25T10:00:00Z",
          .content_type = "application/json",
          .correlation_id = "c-1",
          .data = R"({"amount":10})"};
}

// The rendered text, parsed back (which also checks that it is JSON).
json event_json(const eventstore::stored_event& event) {
  std::string out;
  append_event_json(out, event);
  return json::parse(out);
}

TEST(store_json, renders_an_event_with_its_data_as_json) {
  json out = event_json(deposited());
  EXPECT_EQ(out, json::parse(R"({"stream":"account-1","version":3,"partition":1,"offset":42,
      "timestamp":1795600800000,"id":"e-3","type":"Deposited","source":"/atm/7",
      "time":"2026-11-25T10:00:00Z","content_type":"application/json","correlation_id":"c-1",
      "data":{"amount":10}})"));
  EXPECT_FALSE(out.contains("subject")) << "empty attributes are left out";
  EXPECT_FALSE(out.contains("causation_id"));
}

TEST(store_json, renders_other_data_as_text) {
  auto event = deposited();
  event.content_type = "text/plain";
  event.data = "{\"looks\": \"like json\"}";
  EXPECT_EQ(event_json(event)["data"], "{\"looks\": \"like json\"}");
  // A Kafka producer's record without headers.
  event.content_type.clear();
  event.data = "plain";
  EXPECT_EQ(event_json(event)["data"], "plain");
  EXPECT_FALSE(event_json(event).contains("content_type"));
  // Claims JSON, is not: shown as text rather than refused.
  event.content_type = "application/json";
  event.data = "{not json";
  EXPECT_EQ(event_json(event)["data"], "{not json");
}

TEST(store_json, renders_a_store_with_its_reducer_as_json) {
  eventstore::store_info store{.name = "accounts", .partitions = 3};
  store.settings.enabled = true;
  store.settings.reducer_spec = R"({"type":"rules","on":{}})";
  store.settings.snapshot_interval = 50;
  store.index.push_back({.partition = 0, .indexed_offset = 7, .high_watermark = 9});
  json plain = store_json(store, false);
  EXPECT_EQ(plain, json::parse(R"({"name":"accounts","partitions":3,
      "reducer":{"type":"rules","on":{}},"snapshot_interval":50})"));
  json described = store_json(store, true);
  EXPECT_EQ(described["index"],
            json::parse(R"([{"partition":0,"indexed_offset":7,"high_watermark":9}])"));
  store.settings.reducer_spec = "merge-patch";
  EXPECT_EQ(store_json(store, false)["reducer"], "merge-patch");
}

TEST(store_json, renders_projections) {
  eventstore::projection_status status{.definition = {.store = "accounts",
                                                      .name = "balances",
                                                      .reducer = "merge-patch",
                                                      .key = "/owner",
                                                      .types = {"Deposited"}},
                                       .positions = {{0, 12}, {1, 4}},
                                       .lag = 2,
                                       .keys = 5};
  EXPECT_EQ(projection_status_json(status), json::parse(R"({"store":"accounts",
      "name":"balances","reducer":"merge-patch","key":"/owner","types":["Deposited"],
      "positions":{"0":12,"1":4},"lag":2,"keys":5,"failure":null})"));
  status.failure = "version 3: increment of a string";
  EXPECT_EQ(projection_status_json(status)["failure"], "version 3: increment of a string");
  EXPECT_EQ(projection_entry_json({.key = "k", .state = {{"n", 1}}, .version = 8}),
            json::parse(R"({"key":"k","state":{"n":1},"version":8})"));
}

TEST(store_json, parses_create_store) {
  auto create = parse_create_store(
      R"({"name":"carts","partitions":2,"reducer":{"type":"rules","on":{}},
          "snapshot_interval":10,"configs":{"segment.bytes":1048576}})");
  ASSERT_TRUE(create.ok()) << create.error_value();
  EXPECT_EQ(create->name, "carts");
  EXPECT_EQ(create->partitions, 2);
  EXPECT_TRUE(create->settings.enabled);
  EXPECT_EQ(json::parse(create->settings.reducer_spec), json::parse(R"({"type":"rules","on":{}})"));
  EXPECT_EQ(create->settings.snapshot_interval, 10);
  EXPECT_EQ(create->configs.at("segment.bytes"), "1048576");
  auto defaults = parse_create_store(R"({"name":"carts"})");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->partitions, -1);
  EXPECT_EQ(defaults->settings.reducer_spec, "merge-patch");
  for (const char* bad :
       {R"({})", R"({"name":""})", R"({"name":3})", R"({"name":"c","partitions":0})",
        R"({"name":"c","snapshot_interval":-1})", R"({"name":"c","reducer":5})",
        R"({"name":"c","configs":[]})", R"({"name":"c","configs":{"a":{}}})",
        R"({"name":"c","colour":"red"})"}) {
    auto refused = parse_create_store(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error_value().code(), errc::invalid_request) << bad;
  }
  EXPECT_EQ(parse_create_store("{").error_value().code(), errc::bad_json);
}

TEST(store_json, parses_projection_definitions) {
  auto definition = parse_projection(R"({"reducer":"merge-patch","key":"/owner",
      "types":["Deposited","Withdrawn"]})",
                                     "accounts", "by-owner");
  ASSERT_TRUE(definition.ok()) << definition.error_value();
  EXPECT_EQ(definition->store, "accounts");
  EXPECT_EQ(definition->name, "by-owner");
  EXPECT_EQ(definition->reducer, "merge-patch");
  EXPECT_EQ(definition->key, "/owner");
  EXPECT_EQ(definition->types, (std::vector<std::string>{"Deposited", "Withdrawn"}));
  EXPECT_EQ(parse_projection(R"({"reducer":{"type":"rules"}})", "a", "b")->key, "stream");
  for (const char* bad :
       {R"({})", R"({"reducer":1})", R"({"reducer":"merge-patch","key":"x"})",
        R"({"reducer":"merge-patch","types":"A"})", R"({"reducer":"merge-patch","types":[""]})",
        R"({"reducer":"merge-patch","filter":1})"}) {
    auto refused = parse_projection(bad, "a", "b");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error_value().code(), errc::invalid_request) << bad;
  }
}

}  // namespace
}  // namespace eventioz::http
