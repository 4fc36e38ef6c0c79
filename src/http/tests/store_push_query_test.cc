// Event-store subscription parameters: where a store subscription starts, its type filter,
// and how a stream subscription resumes after the version it got last.
#include "http/store_push_query.h"

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

TEST(store_push_query, defaults_to_the_end_of_every_partition_and_every_type) {
  auto query = parse_store_push_query(request_for("/v1/stores/s/events"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->start.kind, push_start_kind::end);
  EXPECT_FALSE(query->positions);
  EXPECT_TRUE(query->types.empty());
}

TEST(store_push_query, reads_from_offsets_and_types) {
  auto query =
      parse_store_push_query(request_for("/v1/stores/s/events?from=earliest&offsets=1:7,0:3"
                                         "&types=deposited,withdrawn"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->start.kind, push_start_kind::earliest);
  EXPECT_EQ(query->positions, (push_positions{{0, 3}, {1, 7}}));
  EXPECT_EQ(query->types, (std::vector<std::string>{"deposited", "withdrawn"}));
  query = parse_store_push_query(request_for("/v1/stores/s/events?from=end"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->start.kind, push_start_kind::end);
}

TEST(store_push_query, the_resume_cursor_wins_over_offsets_partition_by_partition) {
  auto query =
      parse_store_push_query(request_for("/v1/stores/s/events?offsets=0:3,2:9", "0:5,1:4"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->positions, (push_positions{{0, 5}, {1, 4}, {2, 9}}));
  // The parameter, for clients that cannot set the header; the header wins over it.
  query = parse_store_push_query(request_for("/v1/stores/s/events?last_event_id=0:8"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->positions, (push_positions{{0, 8}}));
  query = parse_store_push_query(request_for("/v1/stores/s/events?last_event_id=0:8", "0:9"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->positions, (push_positions{{0, 9}}));
}

TEST(store_push_query, refuses_bad_parameters_naming_them) {
  auto expect_refused = [](std::string target, std::string mentions, std::string id = "") {
    auto query = parse_store_push_query(request_for(target, id));
    ASSERT_FALSE(query) << target;
    EXPECT_NE(query.error_value().message().find(mentions), std::string::npos)
        << query.error_value().message();
  };
  expect_refused("/v1/stores/s/events?from=latest", "from must be earliest");
  expect_refused("/v1/stores/s/events?offsets=0", "offsets must be");
  expect_refused("/v1/stores/s/events?offsets=0:-1", "offsets must be");
  expect_refused("/v1/stores/s/events?types=a,,b", "none empty");
  expect_refused("/v1/stores/s/events?types=", "none empty");
  expect_refused("/v1/stores/s/events?types=a,", "none empty");
  expect_refused("/v1/stores/s/events", "resume cursor", "7");
  std::string many = "/v1/stores/s/events?types=t0";
  for (size_t i = 1; i <= store_push_types_max; ++i) many += ",t" + std::to_string(i);
  expect_refused(many, "more than 256");
}

TEST(stream_push_query, starts_at_from_version_default_zero) {
  auto query = parse_stream_push_query(request_for("/v1/stores/s/streams/a/events"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->from_version, 0);
  query = parse_stream_push_query(request_for("/v1/stores/s/streams/a/events?from_version=12"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->from_version, 12);
}

TEST(stream_push_query, resumes_after_the_last_version_received) {
  auto query =
      parse_stream_push_query(request_for("/v1/stores/s/streams/a/events?from_version=2", "7"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->from_version, 8);  // the header wins over from_version
  query = parse_stream_push_query(request_for("/v1/stores/s/streams/a/events?last_event_id=0"));
  ASSERT_TRUE(query);
  EXPECT_EQ(query->from_version, 1);
}

TEST(stream_push_query, refuses_what_is_not_a_version) {
  for (std::string id :
       {"-1", "+3", "x", "1:2", "3.0", "9223372036854775807", "99999999999999999999"}) {
    auto query = parse_stream_push_query(request_for("/v1/stores/s/streams/a/events", id));
    ASSERT_FALSE(query) << id;
    EXPECT_NE(query.error_value().message().find("is not a stream version"), std::string::npos)
        << query.error_value().message();
  }
  for (std::string target : {"/v1/stores/s/streams/a/events?from_version=-1",
                             "/v1/stores/s/streams/a/events?from_version=x"}) {
    auto query = parse_stream_push_query(request_for(target));
    ASSERT_FALSE(query) << target;
    EXPECT_NE(query.error_value().message().find("from_version"), std::string::npos)
        << query.error_value().message();
  }
}

}  // namespace
}  // namespace eventioz::http
