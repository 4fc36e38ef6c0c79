#include "groups/consumer_protocol.h"

#include <gtest/gtest.h>

namespace eventioz::groups {
namespace {

consumer_assignment sample() {
  return {.version = 1,
          .topics = {{"orders", {0, 2}}, {"payments", {}}},
          .user_data = byte_buffer{1, 2, 3}};
}

TEST(consumer_protocol, round_trips) {
  auto decoded = decode_consumer_assignment(encode_consumer_assignment(sample()));
  ASSERT_TRUE(decoded.ok()) << decoded.error_value();
  EXPECT_EQ(*decoded, sample());
}

TEST(consumer_protocol, empty_bytes_are_no_assignment) {
  auto decoded = decode_consumer_assignment({});
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->topics.empty());
}

TEST(consumer_protocol, null_or_missing_user_data) {
  consumer_assignment none = sample();
  none.user_data.reset();
  auto decoded = decode_consumer_assignment(encode_consumer_assignment(none));
  ASSERT_TRUE(decoded.ok());
  EXPECT_FALSE(decoded->user_data.has_value());

  byte_buffer without = encode_consumer_assignment(none);
  without.resize(without.size() - 4);  // a writer that stops after the topics
  decoded = decode_consumer_assignment(without);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->topics, sample().topics);
}

TEST(consumer_protocol, newer_version_fields_are_skipped) {
  consumer_assignment newer = sample();
  newer.version = 7;
  byte_buffer bytes = encode_consumer_assignment(newer);
  bytes.insert(bytes.end(), {9, 9, 9, 9, 9});
  auto decoded = decode_consumer_assignment(bytes);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->version, 7);
  EXPECT_EQ(decoded->topics, sample().topics);
}

TEST(consumer_protocol, every_truncation_is_an_error_or_a_prefix_without_user_data) {
  byte_buffer bytes = encode_consumer_assignment(sample());
  for (size_t size = 1; size < bytes.size(); ++size) {
    auto decoded = decode_consumer_assignment(byte_span(bytes).first(size));
    // Cut exactly after the topics: valid (no user data); anywhere else: an error.
    if (decoded.ok()) {
      EXPECT_EQ(decoded->topics, sample().topics) << "size " << size;
      EXPECT_FALSE(decoded->user_data.has_value());
    } else {
      EXPECT_EQ(decoded.error_value().code(), std::make_error_code(std::errc::bad_message));
    }
  }
}

TEST(consumer_protocol, hostile_counts_and_lengths_are_refused) {
  // version 0, 2^31-1 topics, nothing else: must not allocate that many.
  byte_buffer huge_count{0, 0, 0x7f, 0xff, 0xff, 0xff};
  EXPECT_FALSE(decode_consumer_assignment(huge_count).ok());
  byte_buffer negative_version{0xff, 0xff, 0, 0, 0, 0};
  EXPECT_FALSE(decode_consumer_assignment(negative_version).ok());
  byte_buffer negative_count{0, 0, 0xff, 0xff, 0xff, 0xfe};
  EXPECT_FALSE(decode_consumer_assignment(negative_count).ok());
  // One topic "a" claiming 1000 partitions with 4 bytes left.
  byte_buffer partitions{0, 0, 0, 0, 0, 1, 0, 1, 'a', 0, 0, 0x03, 0xe8, 0, 0, 0, 1};
  EXPECT_FALSE(decode_consumer_assignment(partitions).ok());
  // User data longer than what is left.
  consumer_assignment small{.version = 0, .topics = {}, .user_data = byte_buffer{1}};
  byte_buffer bytes = encode_consumer_assignment(small);
  bytes[bytes.size() - 2] = 50;  // length 0x00003201
  EXPECT_FALSE(decode_consumer_assignment(bytes).ok());
}

}  // namespace
}  // namespace eventioz::groups
