// Store events as JSON: data embedded when it is JSON, a string otherwise; empty attributes
// left out.
#include "http/store_event_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace eventioz::http {
namespace {

eventstore::stored_event deposit() {
  eventstore::stored_event event;
  event.stream = "account-7";
  event.version = 3;
  event.partition = 1;
  event.offset = 42;
  event.timestamp_ms = 1795566600000;
  event.id = "e-9";
  event.type = "deposited";
  event.time = "2026-11-25T00:10:00Z";
  event.source = "/eventioz/stores/bank";
  event.content_type = "application/json";
  event.data = R"({"amount": 5})";
  return event;
}

nlohmann::json rendered(const eventstore::stored_event& event) {
  std::string out;
  append_store_event_json(out, event);
  return nlohmann::json::parse(out);
}

TEST(store_event_json, json_data_is_embedded_and_empty_attributes_are_left_out) {
  nlohmann::json expected = {{"stream", "account-7"},
                             {"version", 3},
                             {"partition", 1},
                             {"offset", 42},
                             {"id", "e-9"},
                             {"type", "deposited"},
                             {"time", "2026-11-25T00:10:00Z"},
                             {"timestamp", 1795566600000},
                             {"source", "/eventioz/stores/bank"},
                             {"content_type", "application/json"},
                             {"data", {{"amount", 5}}}};
  EXPECT_EQ(rendered(deposit()), expected);
  auto event = deposit();
  event.subject = "s";
  event.correlation_id = "c";
  event.causation_id = "k";
  auto json = rendered(event);
  EXPECT_EQ(json["subject"], "s");
  EXPECT_EQ(json["correlation_id"], "c");
  EXPECT_EQ(json["causation_id"], "k");
}

TEST(store_event_json, other_data_is_a_string) {
  auto event = deposit();
  event.content_type = "text/plain";
  EXPECT_EQ(rendered(event)["data"], R"({"amount": 5})");
  event.content_type = "application/json";
  event.data = "{not json";
  EXPECT_EQ(rendered(event)["data"], "{not json");
  event.data = "";
  EXPECT_EQ(rendered(event)["data"], "");
  event.content_type = "";
  event.data = "line\nbreak \"quoted\"";
  auto json = rendered(event);
  EXPECT_EQ(json["data"], "line\nbreak \"quoted\"");
  EXPECT_FALSE(json.contains("content_type"));
  event.data = std::string("\xff\xfe", 2);  // not UTF-8: replaced, still valid JSON
  EXPECT_TRUE(rendered(event)["data"].is_string());
}

TEST(store_event_json, an_unknown_version_is_null) {
  auto event = deposit();
  event.version = -1;
  EXPECT_TRUE(rendered(event)["version"].is_null());
}

TEST(store_event_json, json_content_types_may_carry_parameters) {
  EXPECT_TRUE(is_json_content_type("application/json"));
  EXPECT_TRUE(is_json_content_type("Application/JSON; charset=utf-8"));
  EXPECT_TRUE(is_json_content_type(" application/json ;charset=utf-8"));
  EXPECT_FALSE(is_json_content_type("application/jsonl"));
  EXPECT_FALSE(is_json_content_type("text/json"));
  EXPECT_FALSE(is_json_content_type(""));
}

}  // namespace
}  // namespace eventioz::http
