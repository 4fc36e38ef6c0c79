// Disk faults while the log runs: full disks, failed writes, failed fsyncs. The caller gets the
// error, the log stays consistent, and it accepts appends again once the fault clears.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <future>
#include <thread>

#include "io/fault_injecting_file_system.h"
#include "log_test_support.h"
#include "storage/partition_log.h"

namespace eventioz::storage {
namespace {

using testing::make_batch;
using testing::read_all_records;

class fault_test : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::off);
    auto opened = partition_log::open({fs, flusher}, "/data/t-0", config);
    ASSERT_TRUE(opened.ok());
    log = *opened;
  }
  void TearDown() override { spdlog::set_level(spdlog::level::info); }

  status append_and_wait(byte_buffer batch) {
    auto appended = log->append(batch);
    if (!appended) return appended.error_value();
    std::promise<status> done;
    log->when_durable(appended->last_offset, [&](status outcome) { done.set_value(outcome); });
    auto outcome = done.get_future().get();
    if (outcome) log->advance_committed(appended->last_offset + 1);
    return outcome;
  }

  void crash_and_reopen() {
    log.reset();  // closes (cleanly, if the fault has cleared)
    fs.crash(1, {.tear_last_write = true});
    auto opened = partition_log::open({fs, flusher}, "/data/t-0", config);
    ASSERT_TRUE(opened.ok()) << opened.error_value().to_string();
    log = *opened;
    log->advance_committed(log->log_end_offset());
  }

  io::fault_injecting_file_system fs;
  flush_scheduler flusher{1};
  // Faults of writes that extend the file; preallocated space would absorb a full disk.
  log_config config = [] {
    log_config c;
    c.preallocate = false;
    return c;
  }();
  std::shared_ptr<partition_log> log;
};

TEST_F(fault_test, a_full_disk_fails_the_append_and_appends_resume_when_space_returns) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(append_and_wait(make_batch({.record_count = 2})).ok());
  fs.set_space_limit_bytes(fs.bytes_in_use() + 50);  // less than one batch
  auto full = append_and_wait(make_batch({.record_count = 2, .value_size = 100}));
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error_value(), std::errc::no_space_on_device);
  EXPECT_EQ(log->log_end_offset(), offset(10));

  fs.clear_faults();
  ASSERT_TRUE(append_and_wait(make_batch({.record_count = 2})).ok());
  EXPECT_EQ(log->log_end_offset(), offset(12));
  EXPECT_EQ(read_all_records(*log).size(), 12u);
  crash_and_reopen();
  EXPECT_EQ(read_all_records(*log).size(), 12u);
}

TEST_F(fault_test, a_failed_write_leaves_no_partial_batch) {
  ASSERT_TRUE(append_and_wait(make_batch({.record_count = 3})).ok());
  fs.fail_writes(std::errc::io_error, 1, /*written_prefix_bytes=*/40);
  auto failed = log->append(testing::temporary_buffer(make_batch({.record_count = 3})));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error_value(), std::errc::io_error);
  ASSERT_TRUE(append_and_wait(make_batch({.record_count = 3})).ok());
  auto records = read_all_records(*log);
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records.back().record_offset, offset(5));
  crash_and_reopen();
  EXPECT_EQ(read_all_records(*log).size(), 6u);
}

TEST_F(fault_test, a_failed_fsync_fails_its_waiters_and_cuts_what_it_left_in_doubt) {
  ASSERT_TRUE(append_and_wait(make_batch({.record_count = 2})).ok());
  fs.fail_syncs(std::errc::io_error, 1);
  auto doubtful = append_and_wait(make_batch({.record_count = 2}));
  ASSERT_FALSE(doubtful.ok());
  EXPECT_EQ(doubtful.error_value(), std::errc::io_error);

  // The next append first cuts the log back to the last durable offset, then lands there.
  auto retried = log->append(testing::temporary_buffer(make_batch({.record_count = 2})));
  ASSERT_TRUE(retried.ok()) << retried.error_value().to_string();
  EXPECT_EQ(retried->base_offset, offset(2));
  ASSERT_TRUE(log->sync().ok());
  log->advance_committed(log->log_end_offset());
  EXPECT_EQ(read_all_records(*log).size(), 4u);
  crash_and_reopen();
  EXPECT_EQ(log->log_end_offset(), offset(4));
}

TEST_F(fault_test, concurrent_appends_share_one_fsync) {
  // Slow fsyncs, as on a real disk, so that appends pile up behind a running one.
  fs.set_operation_hook([](io::operation_kind kind, const std::string&) {
    if (kind == io::operation_kind::sync_data) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  uint64_t syncs_before = fs.counters().syncs;
  constexpr int threads = 8;
  constexpr int appends_per_thread = 25;
  std::vector<std::thread> appenders;
  std::atomic<int> failures{0};
  for (int t = 0; t < threads; ++t) {
    appenders.emplace_back([&] {
      for (int i = 0; i < appends_per_thread; ++i) {
        if (!append_and_wait(make_batch())) ++failures;
      }
    });
  }
  for (auto& thread : appenders) thread.join();
  fs.set_operation_hook({});
  EXPECT_EQ(failures.load(), 0);
  uint64_t syncs = fs.counters().syncs - syncs_before;
  // Without group commit there would be one fsync per append (200).
  EXPECT_LT(syncs, threads * appends_per_thread / 3) << syncs << " fsyncs";
  EXPECT_EQ(log->durable_end_offset(), offset(threads * appends_per_thread));
}

TEST_F(fault_test, a_crash_loses_only_what_was_not_acknowledged) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(append_and_wait(make_batch({.record_count = 2})).ok());
  // The machine dies at the fsync of the next append: written, never made durable.
  fs.set_operation_hook([this](io::operation_kind kind, const std::string&) {
    if (kind == io::operation_kind::sync_data) fs.freeze_now();
  });
  EXPECT_FALSE(append_and_wait(make_batch({.record_count = 2})).ok());
  fs.set_operation_hook({});
  log.reset();
  fs.crash(7);
  auto opened = partition_log::open({fs, flusher}, "/data/t-0", config);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ((*opened)->log_end_offset(), offset(20));
}

}  // namespace
}  // namespace eventioz::storage
