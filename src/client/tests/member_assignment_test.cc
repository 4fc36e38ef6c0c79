// The consumer protocol's MemberAssignment: known bytes (as librdkafka and the Java client
// write them), a round trip, and bytes a broker could hand back broken.
#include "client/member_assignment.h"

#include <gtest/gtest.h>

#include "client/errc.h"

namespace eventioz::client {
namespace {

// version 0; topic "orders" with partitions 0 and 2; user data null.
const byte_buffer orders_0_2 = {
    0x00, 0x00,                                  // version 0
    0x00, 0x00, 0x00, 0x01,                      // one topic
    0x00, 0x06, 'o',  'r',  'd', 'e', 'r', 's',  // "orders"
    0x00, 0x00, 0x00, 0x02,                      // two partitions
    0x00, 0x00, 0x00, 0x00,                      // 0
    0x00, 0x00, 0x00, 0x02,                      // 2
    0xff, 0xff, 0xff, 0xff,                      // user data: null
};

TEST(member_assignment, decodes_known_bytes) {
  auto decoded = decode_member_assignment(orders_0_2);
  ASSERT_TRUE(decoded.ok()) << decoded.error_value().message();
  EXPECT_EQ(decoded->version, 0);
  ASSERT_EQ(decoded->topics.size(), 1u);
  EXPECT_EQ(decoded->topics[0].topic, "orders");
  EXPECT_EQ(decoded->topics[0].partitions, (std::vector<int32_t>{0, 2}));
  EXPECT_FALSE(decoded->user_data.has_value());
}

TEST(member_assignment, encodes_the_same_bytes) {
  member_assignment assignment{0, {{"orders", {0, 2}}}, std::nullopt};
  EXPECT_EQ(encode_member_assignment(assignment), orders_0_2);
}

TEST(member_assignment, round_trips_several_topics_and_user_data) {
  member_assignment assignment{3, {{"a", {5}}, {"b", {}}, {"c", {1, 2, 3}}}, byte_buffer{1, 2}};
  auto decoded = decode_member_assignment(encode_member_assignment(assignment));
  ASSERT_TRUE(decoded.ok()) << decoded.error_value().message();
  EXPECT_EQ(*decoded, assignment);
}

TEST(member_assignment, empty_bytes_are_no_assignment) {
  // A member that joined but has not been synced yet.
  auto decoded = decode_member_assignment({});
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->topics.empty());
}

TEST(member_assignment, ignores_fields_a_later_version_appends) {
  byte_buffer longer = orders_0_2;
  longer[1] = 0x01;  // version 1
  longer.insert(longer.end(), {0x00, 0x00, 0x00, 0x07});
  auto decoded = decode_member_assignment(longer);
  ASSERT_TRUE(decoded.ok()) << decoded.error_value().message();
  EXPECT_EQ(decoded->version, 1);
  EXPECT_EQ(decoded->topics[0].partitions, (std::vector<int32_t>{0, 2}));
}

TEST(member_assignment, every_truncation_is_refused) {
  for (size_t size = 1; size < orders_0_2.size(); ++size) {
    auto decoded = decode_member_assignment(byte_span(orders_0_2).first(size));
    ASSERT_FALSE(decoded.ok()) << "accepted the first " << size << " bytes";
    EXPECT_EQ(decoded.error_value(), errc::protocol_violation);
  }
}

TEST(member_assignment, refuses_counts_the_bytes_cannot_hold) {
  byte_buffer huge_topic_count = orders_0_2;
  huge_topic_count[2] = 0x7f;  // 2^30-odd topics in 28 bytes
  EXPECT_FALSE(decode_member_assignment(huge_topic_count).ok());

  byte_buffer huge_partition_count = orders_0_2;
  huge_partition_count[14] = 0x7f;
  EXPECT_FALSE(decode_member_assignment(huge_partition_count).ok());

  byte_buffer negative_name = orders_0_2;
  negative_name[6] = 0xff;  // name length -1 + ...: a null or negative topic name
  negative_name[7] = 0xff;
  EXPECT_FALSE(decode_member_assignment(negative_name).ok());

  byte_buffer negative_version = orders_0_2;
  negative_version[0] = 0x80;
  auto decoded = decode_member_assignment(negative_version);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error_value().message().find("MemberAssignment"), std::string::npos);
}

}  // namespace
}  // namespace eventioz::client
