// What event-store subscriptions keep and how they count versions and name events.
#include "http/store_push_renderer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace eventioz::http {
namespace {

model::record record_of(int64_t offset, std::optional<std::string> key,
                        std::optional<std::string> value, std::string type = "") {
  model::record record;
  record.record_offset = eventioz::offset(offset);
  if (key) record.key = byte_buffer(key->begin(), key->end());
  if (value) record.value = byte_buffer(value->begin(), value->end());
  if (!type.empty()) {
    record.headers.push_back({.key = "ce_type", .value = byte_buffer(type.begin(), type.end())});
  }
  return record;
}

byte_buffer bytes_of(std::string_view text) { return byte_buffer(text.begin(), text.end()); }

std::string event_id(const push_renderer& renderer, const push_positions& cursor = {}) {
  std::string out;
  renderer.append_event_id(out, cursor);
  return out;
}

TEST(stream_push_renderer, counts_versions_of_its_stream_only_and_skips_before_from_version) {
  // The stream's first record read is version 3; delivery starts at version 4.
  stream_push_renderer renderer("bank", "a", 3, 4);
  EXPECT_EQ(renderer.decide(0, record_of(10, "a", "{}")), push_decision::skip);  // version 3
  EXPECT_EQ(renderer.decide(0, record_of(11, "b", "{}")), push_decision::skip);  // another stream
  EXPECT_EQ(renderer.decide(0, record_of(12, std::nullopt, "{}")), push_decision::skip);
  EXPECT_EQ(renderer.decide(0, record_of(13, "ab", "{}")), push_decision::skip);
  EXPECT_EQ(renderer.decide(0, record_of(14, "a", "{}")), push_decision::deliver);
  EXPECT_EQ(event_id(renderer), "4");
  EXPECT_EQ(renderer.decide(0, record_of(15, "b", std::nullopt)), push_decision::skip);
  EXPECT_EQ(renderer.decide(0, record_of(16, "a", "{}")), push_decision::deliver);
  EXPECT_EQ(event_id(renderer, {{0, 17}}), "5");  // the version, not the cursor
  EXPECT_EQ(renderer.sse_event_name(), "event");
}

TEST(stream_push_renderer, renders_the_event_json_with_the_counted_version) {
  stream_push_renderer renderer("bank", "a", 7, 0);
  model::record record = record_of(42, "a", R"({"amount":5})", "deposited");
  record.timestamp = 1795566600000;
  record.headers.push_back({.key = "content-type", .value = bytes_of("application/json")});
  record.headers.push_back({.key = "ce_id", .value = bytes_of("e-1")});
  ASSERT_EQ(renderer.decide(2, record), push_decision::deliver);
  std::string out;
  renderer.append_json(out, 2, record);
  nlohmann::json expected = {{"stream", "a"},
                             {"version", 7},
                             {"partition", 2},
                             {"offset", 42},
                             {"id", "e-1"},
                             {"type", "deposited"},
                             {"timestamp", 1795566600000},
                             {"content_type", "application/json"},
                             {"data", {{"amount", 5}}}};
  EXPECT_EQ(nlohmann::json::parse(out), expected);
}

TEST(store_push_renderer, renders_versions_from_the_index) {
  auto versions = [](int32_t partition, int64_t offset) {
    return partition == 1 && offset == 5 ? std::optional<int64_t>(3) : std::nullopt;
  };
  store_push_renderer renderer(versions, {});
  ASSERT_EQ(renderer.decide(1, record_of(5, "a", "{}")), push_decision::deliver);
  std::string out;
  renderer.append_json(out, 1, record_of(5, "a", "{}"));
  EXPECT_EQ(nlohmann::json::parse(out)["version"], 3);
  // Below the high watermark every event is indexed: one the index does not know belongs to a
  // deleted stream the purge has not reached yet, and is never shown.
  EXPECT_EQ(renderer.decide(1, record_of(6, "a", "{}")), push_decision::skip);
}

TEST(stream_push_renderer, the_streams_tombstone_ends_the_subscription) {
  stream_push_renderer renderer("bank", "a", 0, 0);
  EXPECT_EQ(renderer.decide(0, record_of(0, "a", "{}")), push_decision::deliver);
  EXPECT_EQ(renderer.decide(0, record_of(1, "a", std::nullopt)), push_decision::end);
  EXPECT_EQ(renderer.end_code(), close_stream_deleted);
  EXPECT_EQ(renderer.end_reason(), "stream 'a' of store 'bank' was deleted");
  // Read again (after what came before was written): it ends again, the count unchanged.
  EXPECT_EQ(renderer.decide(0, record_of(1, "a", std::nullopt)), push_decision::end);
  EXPECT_EQ(event_id(renderer), "0");
}

TEST(store_push_renderer, keeps_events_of_the_asked_types_and_skips_tombstones) {
  auto indexed = [](int32_t, int64_t offset) { return std::optional<int64_t>(offset); };
  store_push_renderer every_type(indexed, {});
  EXPECT_EQ(every_type.decide(0, record_of(0, "a", "{}", "opened")), push_decision::deliver);
  EXPECT_EQ(every_type.decide(0, record_of(1, "a", "{}")), push_decision::deliver);
  EXPECT_EQ(every_type.decide(0, record_of(2, "a", std::nullopt)), push_decision::skip);
  store_push_renderer some_types(indexed, {"deposited", "withdrawn"});
  EXPECT_EQ(some_types.decide(0, record_of(0, "a", "{}", "opened")), push_decision::skip);
  EXPECT_EQ(some_types.decide(0, record_of(1, "a", "{}", "withdrawn")), push_decision::deliver);
  EXPECT_EQ(some_types.decide(0, record_of(2, "a", "{}")), push_decision::skip);
  EXPECT_EQ(some_types.decide(0, record_of(3, "a", "{}", "deposited-x")), push_decision::skip);
  EXPECT_EQ(event_id(some_types, {{0, 2}, {1, 7}}), "0:2,1:7");  // the cursor
}

}  // namespace
}  // namespace eventioz::http
