// The consume merge: partitions stay in offset order whatever their timestamps, the smallest
// next timestamp goes first, ties go to the lower partition, and paging loses nothing.
#include "http/record_merge.h"

#include <gtest/gtest.h>

#include <utility>

namespace eventioz::http {
namespace {

using taken = std::pair<size_t, size_t>;  // (partition, index in that partition)

// Merges partitions given as their records' timestamps in offset order, from `starts`, taking at
// most `limit`; `starts` becomes where each partition continues.
std::vector<taken> merge(const std::vector<std::vector<int64_t>>& partitions,
                         std::vector<size_t>& starts, size_t limit) {
  timestamp_merge order;
  for (size_t p = 0; p < partitions.size(); ++p) {
    if (starts[p] < partitions[p].size()) order.offer(p, partitions[p][starts[p]]);
  }
  std::vector<taken> out;
  while (out.size() < limit) {
    auto p = order.take();
    if (!p) break;
    out.emplace_back(*p, starts[*p]++);
    if (starts[*p] < partitions[*p].size()) order.offer(*p, partitions[*p][starts[*p]]);
  }
  return out;
}

TEST(record_merge, keeps_each_partition_in_offset_order_when_timestamps_are_not) {
  // p0: ts 100 then ts 1; p1: ts 50. Sorting by timestamp would take p0's offset 1 first.
  std::vector<std::vector<int64_t>> partitions{{100, 1}, {50}};
  std::vector<size_t> starts{0, 0};
  EXPECT_EQ(merge(partitions, starts, 2), (std::vector<taken>{{1, 0}, {0, 0}}));
  EXPECT_EQ(starts, (std::vector<size_t>{1, 1}));
  EXPECT_EQ(merge(partitions, starts, 2), (std::vector<taken>{{0, 1}}));
}

TEST(record_merge, takes_the_smallest_next_timestamp_and_the_lower_partition_on_a_tie) {
  std::vector<std::vector<int64_t>> partitions{{5, 7}, {5, 6}, {1}};
  std::vector<size_t> starts{0, 0, 0};
  EXPECT_EQ(merge(partitions, starts, 10),
            (std::vector<taken>{{2, 0}, {0, 0}, {1, 0}, {1, 1}, {0, 1}}));
}

TEST(record_merge, paging_with_any_limit_returns_every_record_exactly_once) {
  std::vector<std::vector<int64_t>> partitions{{9, 3, 3, 8, 1}, {4, 4, 0}, {}, {7, 2, 6, 5}};
  size_t total = 12;
  for (size_t limit = 1; limit <= total + 1; ++limit) {
    std::vector<size_t> starts(partitions.size(), 0);
    std::vector<taken> all;
    while (true) {
      auto page = merge(partitions, starts, limit);
      if (page.empty()) break;
      all.insert(all.end(), page.begin(), page.end());
    }
    ASSERT_EQ(all.size(), total) << "limit " << limit;
    std::vector<size_t> next(partitions.size(), 0);
    for (auto [p, index] : all) EXPECT_EQ(index, next[p]++) << "limit " << limit;
  }
}

TEST(record_merge, nothing_offered_nothing_taken) {
  timestamp_merge order;
  EXPECT_TRUE(order.empty());
  EXPECT_FALSE(order.take());
}

}  // namespace
}  // namespace eventioz::http
