// Producer ids are unique, across restarts and crashes too.
#include "txn/producer_id_allocator.h"

#include <gtest/gtest.h>

#include <set>

#include "io/fault_injecting_file_system.h"
#include "txn/errc.h"

namespace eventioz::txn {
namespace {

TEST(producer_id_allocator, hands_out_consecutive_ids_from_zero) {
  io::fault_injecting_file_system fs;
  ASSERT_TRUE(fs.create_directories("data").ok());
  auto allocator = producer_id_allocator::open(fs, "data", 10);
  ASSERT_TRUE(allocator.ok());
  for (int64_t expected = 0; expected < 25; ++expected) {
    EXPECT_EQ(*(*allocator)->allocate(), expected);
  }
}

TEST(producer_id_allocator, never_repeats_an_id_after_a_crash) {
  io::fault_injecting_file_system fs;
  ASSERT_TRUE(fs.create_directories("data").ok());
  fs.make_everything_durable();
  std::set<int64_t> seen;
  for (uint64_t restart = 0; restart < 5; ++restart) {
    auto allocator = producer_id_allocator::open(fs, "data", 10);
    ASSERT_TRUE(allocator.ok()) << allocator.error_value();
    for (int count = 0; count < 7 + static_cast<int>(restart); ++count) {
      auto id = (*allocator)->allocate();
      ASSERT_TRUE(id.ok());
      EXPECT_TRUE(seen.insert(*id).second) << "id " << *id << " handed out twice";
    }
    allocator->reset();
    fs.crash(restart);  // keeps only what was durable
  }
}

TEST(producer_id_allocator, a_failed_reservation_hands_out_nothing) {
  io::fault_injecting_file_system fs;
  ASSERT_TRUE(fs.create_directories("data").ok());
  auto allocator = producer_id_allocator::open(fs, "data", 10);
  ASSERT_TRUE(allocator.ok());
  fs.fail_syncs(std::errc::io_error);
  EXPECT_FALSE((*allocator)->allocate().ok());
  fs.clear_faults();
  EXPECT_EQ(*(*allocator)->allocate(), 0);
}

TEST(producer_id_allocator, refuses_a_damaged_reservation_file) {
  io::fault_injecting_file_system fs;
  ASSERT_TRUE(fs.create_directories("data").ok());
  ASSERT_TRUE(io::replace_file_durably(fs, "data/producer_id_block", "12x\n").ok());
  auto allocator = producer_id_allocator::open(fs, "data");
  ASSERT_FALSE(allocator.ok());
  EXPECT_EQ(allocator.error_value(), errc::coordinator_not_available);
}

}  // namespace
}  // namespace eventioz::txn
