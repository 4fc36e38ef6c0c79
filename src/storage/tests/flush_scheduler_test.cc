#include "storage/flush_scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace eventioz::storage {
namespace {

TEST(flush_scheduler, runs_every_job_and_every_delayed_job_before_stopping) {
  std::atomic<int> ran{0};
  {
    flush_scheduler scheduler(2);
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(scheduler.submit([&] { ++ran; }));
      ASSERT_TRUE(scheduler.submit_after(std::chrono::milliseconds(i % 5), [&] { ++ran; }));
    }
    scheduler.stop();
    EXPECT_FALSE(scheduler.submit([&] { ++ran; }));  // refused, never run inline
  }
  EXPECT_EQ(ran.load(), 200);
}

// Regression: a worker waited until the due time of the earliest delayed job by reference to
// the map entry, which another worker could erase meanwhile (a use-after-free under ASan).
TEST(flush_scheduler, delayed_jobs_taken_by_another_worker_while_one_waits) {
  std::atomic<int> ran{0};
  flush_scheduler scheduler(2);
  for (int round = 0; round < 200; ++round) {
    ASSERT_TRUE(scheduler.submit_after(std::chrono::milliseconds(2), [&] { ++ran; }));
    ASSERT_TRUE(scheduler.submit_after(std::chrono::milliseconds(1), [&] { ++ran; }));
    std::this_thread::sleep_for(std::chrono::microseconds(300));
  }
  for (int i = 0; i < 1000 && ran.load() < 400; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(ran.load(), 400);
}

}  // namespace
}  // namespace eventioz::storage
