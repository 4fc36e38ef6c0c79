#include "client/kafka_error.h"

#include <gtest/gtest.h>

namespace eventioz::client {
namespace {

TEST(kafka_error, names_follow_kafka) {
  EXPECT_EQ(kafka_error_name(3), "UNKNOWN_TOPIC_OR_PARTITION");
  EXPECT_EQ(kafka_error_name(36), "TOPIC_ALREADY_EXISTS");
  EXPECT_EQ(kafka_error_name(37), "INVALID_PARTITIONS");
  EXPECT_EQ(kafka_error_name(40), "INVALID_CONFIG");
  EXPECT_EQ(kafka_error_name(-1), "UNKNOWN_SERVER_ERROR");
  EXPECT_EQ(kafka_error_name(9999), "error 9999");
}

TEST(kafka_error, carries_the_code_so_callers_can_branch) {
  error failure = kafka_error(36, "creating topic orders");
  EXPECT_EQ(failure, kafka_errc::topic_already_exists);
  EXPECT_EQ(failure.code().value(), 36);
  EXPECT_EQ(failure.code().category().name(), std::string("kafka"));
}

TEST(kafka_error, message_says_what_happened_and_what_to_do) {
  error failure = kafka_error(3, "producing to orders", std::string("no topic 'orders'"));
  EXPECT_EQ(failure.message(),
            "producing to orders: the broker answered UNKNOWN_TOPIC_OR_PARTITION "
            "(no topic 'orders') — no such topic or partition; create it with `eventioz topic "
            "create` or check the name");
  error unknown = kafka_error(1234, "fetching");
  EXPECT_EQ(unknown.message(), "fetching: the broker answered error 1234");
}

TEST(kafka_error, retriable_codes_are_the_transient_ones) {
  EXPECT_TRUE(is_retriable(5));    // LEADER_NOT_AVAILABLE
  EXPECT_TRUE(is_retriable(6));    // NOT_LEADER_OR_FOLLOWER
  EXPECT_FALSE(is_retriable(36));  // TOPIC_ALREADY_EXISTS
  EXPECT_FALSE(is_retriable(10));  // MESSAGE_TOO_LARGE
  EXPECT_FALSE(is_retriable(4242));
}

}  // namespace
}  // namespace eventioz::client
