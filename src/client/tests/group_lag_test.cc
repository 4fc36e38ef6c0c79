// A group's rows per partition: committed and assigned partitions together, owners, lag.
#include "client/group_lag.h"

#include <gtest/gtest.h>

namespace eventioz::client {
namespace {

group_member member(std::string id, std::vector<assigned_topic> topics) {
  group_member result;
  result.member_id = std::move(id);
  result.assignment = member_assignment{0, std::move(topics), std::nullopt};
  return result;
}

TEST(group_lag, joins_committed_and_assigned_partitions_in_order) {
  group_description group;
  group.members = {member("m-1", {{"orders", {1, 0}}}), member("m-2", {{"audit", {0}}})};
  group.members.push_back(group_member{});  // a member without a decoded assignment
  std::vector<committed_offset> committed = {{"orders", 0, 7, ""}, {"zeta", 3, 1, std::nullopt}};

  auto rows = group_partitions(group, committed);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (partition_lag{"audit", 0, std::nullopt, std::nullopt, std::nullopt, "m-2"}));
  EXPECT_EQ(rows[1], (partition_lag{"orders", 0, 7, std::nullopt, std::nullopt, "m-1"}));
  EXPECT_EQ(rows[2], (partition_lag{"orders", 1, std::nullopt, std::nullopt, std::nullopt, "m-1"}));
  EXPECT_EQ(rows[3], (partition_lag{"zeta", 3, 1, std::nullopt, std::nullopt, std::nullopt}));
}

TEST(group_lag, lag_needs_a_committed_offset) {
  partition_lag committed{"orders", 0, 7};
  set_log_end(committed, 10);
  EXPECT_EQ(committed.log_end, 10);
  EXPECT_EQ(committed.lag, 3);

  partition_lag uncommitted{"orders", 1};
  set_log_end(uncommitted, 10);
  EXPECT_EQ(uncommitted.log_end, 10);
  EXPECT_FALSE(uncommitted.lag.has_value());

  partition_lag ahead{"orders", 2, 12};  // the topic was recreated shorter
  set_log_end(ahead, 4);
  EXPECT_EQ(ahead.lag, -8);
}

}  // namespace
}  // namespace eventioz::client
