#include "groups/group_records.h"

#include <gtest/gtest.h>

namespace eventioz::groups {
namespace {

TEST(group_records, keys_and_values_round_trip) {
  record_key key{.type = record_type::pending_offset,
                 .group_id = "g",
                 .topic = "orders",
                 .partition = 3,
                 .producer_id = 42};
  auto decoded = decode_key(encode_key(key));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->topic, "orders");
  EXPECT_EQ(decoded->partition, 3);
  EXPECT_EQ(decoded->producer_id, 42);

  committed_offset offset{
      .committed_offset = 17, .leader_epoch = 2, .metadata = "m", .commit_timestamp_ms = 99};
  auto value = decode_offset(encode_offset(offset));
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->committed_offset, 17);
  EXPECT_EQ(value->metadata, "m");

  stored_group group{
      .protocol_type = "consumer",
      .generation_id = 5,
      .protocol_name = "range",
      .leader_id = "a",
      .members = {{.member_id = "a", .group_instance_id = "i", .assignment = byte_buffer{1, 2}}}};
  auto restored = decode_group(encode_group(group));
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(restored->generation_id, 5);
  ASSERT_EQ(restored->members.size(), 1u);
  EXPECT_EQ(restored->members[0].group_instance_id, "i");
  EXPECT_EQ(restored->members[0].assignment, (byte_buffer{1, 2}));
  EXPECT_EQ(decode_transaction_end(encode_transaction_end(true)).value(), true);
}

TEST(group_records, damaged_bytes_are_errors_never_crashes) {
  byte_buffer value = encode_group({.protocol_type = "consumer", .members = {{.member_id = "a"}}});
  for (size_t cut = 0; cut < value.size(); ++cut) {
    EXPECT_FALSE(decode_group(byte_span(value).first(cut)).ok()) << cut;
  }
  byte_buffer huge_count = encode_group({});
  huge_count[huge_count.size() - 1] = 0xff;
  EXPECT_FALSE(decode_group(huge_count).ok());
  EXPECT_FALSE(decode_key(byte_buffer{9}).ok());
  EXPECT_FALSE(decode_offset(byte_buffer{7, 0}).ok()) << "unknown version";
}

}  // namespace
}  // namespace eventioz::groups
