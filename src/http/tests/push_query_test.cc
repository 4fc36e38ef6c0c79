// Push subscription parameters (partition, start, filters, resume) and the record filters.
#include "http/push_query.h"

#include <gtest/gtest.h>

namespace eventioz::http {
namespace {

http_request request_for(std::string target, std::string last_event_id = "") {
  http_request request;
  request.message.method(boost::beast::http::verb::get);
  request.message.target(target);
  if (!last_event_id.empty()) request.message.set("Last-Event-ID", last_event_id);
  EXPECT_TRUE(parse_target(target, request.path, request.query));
  return request;
}

byte_buffer bytes_of(std::string_view text) { return byte_buffer(text.begin(), text.end()); }

TEST(push_query, defaults_to_every_partition_from_the_end_without_filters) {
  auto query = parse_push_query(request_for("/v1/topics/t/events"));
  ASSERT_TRUE(query);
  EXPECT_FALSE(query->partition);
  EXPECT_EQ(query->start.kind, push_start_kind::end);
  EXPECT_FALSE(query->filter.key);
  EXPECT_FALSE(query->filter.header);
  EXPECT_FALSE(query->resume);
}

TEST(push_query, reads_partition_offset_and_timestamp) {
  auto query = parse_push_query(request_for("/v1/topics/t/events?partition=3&offset=42"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->partition, 3);
  EXPECT_EQ(query->start.kind, push_start_kind::offset);
  EXPECT_EQ(query->start.value, 42);
  query = parse_push_query(request_for("/v1/topics/t/events?offset=earliest"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->start.kind, push_start_kind::earliest);
  query = parse_push_query(request_for("/v1/topics/t/events?offset=latest"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->start.kind, push_start_kind::end);
  query = parse_push_query(request_for("/v1/topics/t/events?timestamp=1732480000000"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->start.kind, push_start_kind::timestamp);
  EXPECT_EQ(query->start.value, 1732480000000);
}

TEST(push_query, refuses_bad_parameters_with_a_reason) {
  for (const char* target :
       {"/e?partition=-1", "/e?partition=x", "/e?partition=2147483648", "/e?offset=-3",
        "/e?offset=first", "/e?offset=1&timestamp=2", "/e?timestamp=soon", "/e?header=novalue",
        "/e?header=:value", "/e?last_event_id=0:1,0:2", "/e?last_event_id="}) {
    auto query = parse_push_query(request_for(target));
    EXPECT_FALSE(query) << target << " was accepted";
    if (!query) {
      EXPECT_FALSE(query.error_value().message().empty());
    }
  }
}

TEST(push_query, a_last_event_id_header_wins_over_the_parameter) {
  auto query = parse_push_query(request_for("/e?last_event_id=0:1", "0:7,1:9"));
  ASSERT_TRUE(query);
  ASSERT_TRUE(query->resume);
  EXPECT_EQ(*query->resume, (push_positions{{0, 7}, {1, 9}}));
  EXPECT_FALSE(parse_push_query(request_for("/e", "garbage")));
}

TEST(push_query, the_key_filter_keeps_records_with_exactly_that_key) {
  auto query = parse_push_query(request_for("/e?key=customer%207"));
  ASSERT_TRUE(query);
  model::record record{.key = bytes_of("customer 7")};
  EXPECT_TRUE(query->filter.matches(record));
  record.key = bytes_of("customer 70");
  EXPECT_FALSE(query->filter.matches(record));
  record.key.reset();  // a null key never matches
  EXPECT_FALSE(query->filter.matches(record));
}

TEST(push_query, the_header_filter_keeps_records_carrying_that_header_value) {
  auto query = parse_push_query(request_for("/e?header=ce_type:order.created:v2"));
  ASSERT_TRUE(query);
  ASSERT_TRUE(query->filter.header);
  EXPECT_EQ(query->filter.header->first, "ce_type");
  EXPECT_EQ(query->filter.header->second, "order.created:v2");  // split at the first colon
  model::record record;
  EXPECT_FALSE(query->filter.matches(record));
  record.headers.push_back({.key = "other", .value = bytes_of("order.created:v2")});
  EXPECT_FALSE(query->filter.matches(record));
  record.headers.push_back({.key = "ce_type", .value = std::nullopt});
  EXPECT_FALSE(query->filter.matches(record));
  record.headers.push_back({.key = "ce_type", .value = bytes_of("order.created:v2")});
  EXPECT_TRUE(query->filter.matches(record));
}

TEST(push_query, key_and_header_filters_must_both_match) {
  auto query = parse_push_query(request_for("/e?key=k&header=h:v"));
  ASSERT_TRUE(query);
  model::record record{.key = bytes_of("k")};
  EXPECT_FALSE(query->filter.matches(record));
  record.headers.push_back({.key = "h", .value = bytes_of("v")});
  EXPECT_TRUE(query->filter.matches(record));
  record.key = bytes_of("other");
  EXPECT_FALSE(query->filter.matches(record));
}

}  // namespace
}  // namespace eventioz::http
