#include "kafka/server/memory_budget.h"

#include <gtest/gtest.h>

#include <vector>

namespace eventioz::kafka {
namespace {

TEST(memory_budget, grants_at_once_while_memory_lasts_then_in_arrival_order) {
  memory_budget budget(100);
  std::vector<int> granted;
  budget.reserve(60, [&] { granted.push_back(1); });
  budget.reserve(50, [&] { granted.push_back(2); });  // does not fit: waits
  budget.reserve(10, [&] { granted.push_back(3); });  // fits, but must not overtake 2
  EXPECT_EQ(granted, std::vector<int>({1}));
  budget.release(60);
  EXPECT_EQ(granted, std::vector<int>({1, 2, 3}));
  EXPECT_EQ(budget.reserved_bytes(), 60u);
}

TEST(memory_budget, a_request_larger_than_the_budget_runs_alone_instead_of_starving) {
  memory_budget budget(100);
  std::vector<int> granted;
  budget.reserve(10, [&] { granted.push_back(1); });
  budget.reserve(500, [&] { granted.push_back(2); });
  EXPECT_EQ(granted, std::vector<int>({1}));
  budget.release(10);
  EXPECT_EQ(granted, std::vector<int>({1, 2}));
  budget.reserve(1, [&] { granted.push_back(3); });
  EXPECT_EQ(granted.size(), 2u);
  budget.release(500);
  EXPECT_EQ(granted, std::vector<int>({1, 2, 3}));
}

}  // namespace
}  // namespace eventioz::kafka
