// Groups as JSON: assignments decoded (or an assignment_error), lag per partition and in total,
// and the checked reading of body fields.
#include "http/group_json.h"

#include <gtest/gtest.h>

#include "groups/consumer_protocol.h"

namespace eventioz::http {
namespace {

groups::group_description consumer_group() {
  groups::group_description group{.group_id = "billing",
                                  .state = groups::group_state::stable,
                                  .protocol_type = "consumer",
                                  .protocol_name = "range"};
  group.members.push_back(
      {.member_id = "m-1",
       .client_id = "billing-1",
       .client_host = "/127.0.0.1",
       .assignment = groups::encode_consumer_assignment(
           {.version = 0, .topics = {{"orders", {2, 0}}}, .user_data = std::nullopt})});
  group.members.push_back({.member_id = "m-2", .assignment = byte_buffer{0, 0, 0, 0, 0, 9}});
  return group;
}

TEST(group_json, members_with_decoded_assignments_and_lag) {
  std::vector<offset_with_lag> offsets = {
      {.topic = "orders", .partition = 0, .committed_offset = 4, .high_watermark = 10},
      {.topic = "orders", .partition = 2, .committed_offset = 12, .high_watermark = 10},
      {.topic = "gone", .partition = 0, .committed_offset = 3, .metadata = "m"}};
  nlohmann::json out = group_description_json(consumer_group(), offsets);
  EXPECT_EQ(out["state"], "Stable");
  EXPECT_EQ(out["protocol"], "range");
  EXPECT_EQ(out["members"][0]["assignments"],
            nlohmann::json::parse(R"([{"topic":"orders","partitions":[0,2]}])"));
  EXPECT_TRUE(out["members"][0]["group_instance_id"].is_null());
  // Bytes that claim 9 topics in none: shown without assignments, and why.
  EXPECT_TRUE(out["members"][1]["assignments"].empty());
  EXPECT_TRUE(out["members"][1]["assignment_error"].is_string());
  EXPECT_EQ(out["offsets"][0]["lag"], 6);
  EXPECT_EQ(out["offsets"][1]["lag"], 0);  // committed past the end: not negative
  EXPECT_TRUE(out["offsets"][2]["lag"].is_null());
  EXPECT_TRUE(out["offsets"][2]["high_watermark"].is_null());
  EXPECT_EQ(out["offsets"][2]["metadata"], "m");
  EXPECT_EQ(out["total_lag"], 6);
}

TEST(group_json, other_protocols_show_no_assignments) {
  groups::group_description group = consumer_group();
  group.protocol_type = "connect";
  nlohmann::json out = group_description_json(group, {});
  EXPECT_TRUE(out["members"][0]["assignments"].empty());
  EXPECT_FALSE(out["members"][1].contains("assignment_error"));
}

TEST(group_json, integer_members) {
  nlohmann::json body = nlohmann::json::parse(
      R"({"small": 3, "negative": -1, "text": "3", "real": 1.5, "huge": 18446744073709551615})");
  EXPECT_EQ(*integer_member(body, "small", "small", 0, 10, true).value(), 3);
  EXPECT_FALSE(integer_member(body, "negative", "negative", 0, 10, true).ok());
  EXPECT_FALSE(integer_member(body, "text", "text", 0, 10, true).ok());
  EXPECT_FALSE(integer_member(body, "real", "real", 0, 10, true).ok());
  EXPECT_FALSE(integer_member(body, "huge", "huge", 0, INT64_MAX, true).ok());
  EXPECT_FALSE(integer_member(body, "absent", "absent", 0, 10, true).ok());
  EXPECT_FALSE(integer_member(body, "absent", "absent", 0, 10, false).value().has_value());
  auto failed = integer_member(body, "small", "offsets[0].partition", 5, 10, true);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error_value().message().find("offsets[0].partition"), std::string::npos);
}

}  // namespace
}  // namespace eventioz::http
