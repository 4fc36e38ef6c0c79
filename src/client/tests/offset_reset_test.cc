// Planning a group offset reset: each target, clamping to the log, and a shift with no base.
#include "client/offset_reset.h"

#include <gtest/gtest.h>

#include <limits>

#include "client/errc.h"

namespace eventioz::client {
namespace {

using kind = reset_target::kind;

// Partition 0: committed 50 in [10, 100); partition 1: nothing committed, [0, 20).
std::vector<partition_position> two_partitions(std::optional<int64_t> time_0 = std::nullopt,
                                               std::optional<int64_t> time_1 = std::nullopt) {
  return {{0, 50, 10, 100, time_0}, {1, std::nullopt, 0, 20, time_1}};
}

std::vector<planned_offset> plan(const std::vector<partition_position>& partitions,
                                 reset_target target) {
  auto planned = plan_offset_reset(partitions, target);
  EXPECT_TRUE(planned.ok()) << planned.error_value().message();
  return planned.ok() ? *planned : std::vector<planned_offset>{};
}

TEST(offset_reset, earliest_and_latest_are_the_log_ends) {
  EXPECT_EQ(plan(two_partitions(), {kind::earliest}),
            (std::vector<planned_offset>{{0, 50, 10}, {1, std::nullopt, 0}}));
  EXPECT_EQ(plan(two_partitions(), {kind::latest}),
            (std::vector<planned_offset>{{0, 50, 100}, {1, std::nullopt, 20}}));
}

TEST(offset_reset, an_offset_outside_the_log_stops_at_its_edge) {
  EXPECT_EQ(plan(two_partitions(), {kind::offset, 15}),
            (std::vector<planned_offset>{{0, 50, 15}, {1, std::nullopt, 15}}));
  EXPECT_EQ(plan(two_partitions(), {kind::offset, 5}),
            (std::vector<planned_offset>{{0, 50, 10}, {1, std::nullopt, 5}}));
  EXPECT_EQ(plan(two_partitions(), {kind::offset, 1000}),
            (std::vector<planned_offset>{{0, 50, 100}, {1, std::nullopt, 20}}));
}

TEST(offset_reset, shift_moves_from_the_committed_offset_within_the_log) {
  std::vector<partition_position> committed = {{0, 50, 10, 100}, {1, 5, 0, 20}};
  EXPECT_EQ(plan(committed, {kind::shift, -10}),
            (std::vector<planned_offset>{{0, 50, 40}, {1, 5, 0}}));
  EXPECT_EQ(plan(committed, {kind::shift, 30}),
            (std::vector<planned_offset>{{0, 50, 80}, {1, 5, 20}}));
  EXPECT_EQ(plan(committed, {kind::shift, std::numeric_limits<int64_t>::max()}),
            (std::vector<planned_offset>{{0, 50, 100}, {1, 5, 20}}));
  EXPECT_EQ(plan(committed, {kind::shift, std::numeric_limits<int64_t>::min()}),
            (std::vector<planned_offset>{{0, 50, 10}, {1, 5, 0}}));
}

TEST(offset_reset, shift_without_a_committed_offset_is_refused) {
  auto planned = plan_offset_reset(two_partitions(), {kind::shift, 1});
  ASSERT_FALSE(planned.ok());
  EXPECT_EQ(planned.error_value(), errc::invalid_argument);
  EXPECT_NE(planned.error_value().message().find("partition 1"), std::string::npos);
}

TEST(offset_reset, a_time_after_every_record_means_the_end) {
  EXPECT_EQ(plan(two_partitions(30, std::nullopt), {kind::timestamp, 1'700'000'000'000}),
            (std::vector<planned_offset>{{0, 50, 30}, {1, std::nullopt, 20}}));
}

TEST(offset_reset, no_partitions_no_plan) { EXPECT_TRUE(plan({}, {kind::latest}).empty()); }

}  // namespace
}  // namespace eventioz::client
