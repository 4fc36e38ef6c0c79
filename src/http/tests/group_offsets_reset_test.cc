// Planning a group's offset reset: the same rules as the CLI (clamped to the log, shifts need a
// committed offset, a time past the last record means the end), and the request's "to" parsed.
#include "http/group_offsets_reset.h"

#include <gtest/gtest.h>

namespace eventioz::http {
namespace {

using kind = reset_target::kind;

// Partition 0: committed 5 of [2, 10); partition 1: nothing committed, [0, 4); the record at
// the asked time is offset 7 in partition 0, none in partition 1.
std::vector<partition_position> positions() {
  return {{.partition = 0, .committed = 5, .log_start = 2, .log_end = 10, .at_timestamp = 7},
          {.partition = 1, .committed = std::nullopt, .log_start = 0, .log_end = 4}};
}

std::vector<planned_offset> plan(reset_target target) {
  auto planned = plan_offset_reset(positions(), target);
  EXPECT_TRUE(planned.ok()) << planned.error_value();
  return planned.ok() ? *planned : std::vector<planned_offset>{};
}

TEST(group_offsets_reset, earliest_and_latest) {
  EXPECT_EQ(plan({kind::earliest, 0}),
            (std::vector<planned_offset>{{0, 5, 2}, {1, std::nullopt, 0}}));
  EXPECT_EQ(plan({kind::latest, 0}),
            (std::vector<planned_offset>{{0, 5, 10}, {1, std::nullopt, 4}}));
}

TEST(group_offsets_reset, offsets_are_clamped_to_the_log) {
  EXPECT_EQ(plan({kind::offset, 3}),
            (std::vector<planned_offset>{{0, 5, 3}, {1, std::nullopt, 3}}));
  EXPECT_EQ(plan({kind::offset, 100}),
            (std::vector<planned_offset>{{0, 5, 10}, {1, std::nullopt, 4}}));
  EXPECT_EQ(plan({kind::offset, 0}),
            (std::vector<planned_offset>{{0, 5, 2}, {1, std::nullopt, 0}}));
}

TEST(group_offsets_reset, timestamp_past_the_last_record_is_the_end) {
  EXPECT_EQ(plan({kind::timestamp, 1000}),
            (std::vector<planned_offset>{{0, 5, 7}, {1, std::nullopt, 4}}));
}

TEST(group_offsets_reset, shift_needs_a_committed_offset_and_is_clamped) {
  std::vector<partition_position> committed_only = {positions()[0]};
  auto back = plan_offset_reset(committed_only, {kind::shift_by, -2});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->front().to, 3);
  EXPECT_EQ(plan_offset_reset(committed_only, {kind::shift_by, -100})->front().to, 2);
  EXPECT_EQ(plan_offset_reset(committed_only, {kind::shift_by, INT64_MAX})->front().to, 10);
  auto failed = plan_offset_reset(positions(), {kind::shift_by, 1});
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error_value().message().find("partition 1"), std::string::npos);
}

TEST(group_offsets_reset, parses_every_target) {
  auto parse = [](const char* text) { return parse_reset_target(nlohmann::json::parse(text)); };
  EXPECT_EQ(parse(R"("earliest")")->to, kind::earliest);
  EXPECT_EQ(parse(R"("latest")")->to, kind::latest);
  EXPECT_EQ(parse(R"({"offset": 4})")->value, 4);
  EXPECT_EQ(parse(R"({"timestamp": 1732480000000})")->to, kind::timestamp);
  EXPECT_EQ(parse(R"({"shift_by": -3})")->value, -3);
  for (const char* bad : {R"("newest")", R"(3)", R"({"offset": -1})", R"({"offset": "4"})",
                          R"({"offset": 1.5})", R"({"position": 1})", R"({})",
                          R"({"offset": 1, "shift_by": 2})", R"({"timestamp": -5})", "null"}) {
    auto parsed = parse(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_FALSE(parsed.error_value().message().empty());
    }
  }
}

}  // namespace
}  // namespace eventioz::http
