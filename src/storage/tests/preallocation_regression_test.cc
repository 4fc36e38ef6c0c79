// Regression: a failed fdatasync issued by the prefill job (it covers the appends' pages too)
// was only logged, so the log did not enter repair and later reported unsynced appends durable.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "io/fault_injecting_file_system.h"
#include "log_test_support.h"
#include "storage/partition_log.h"

namespace eventioz::storage {
namespace {

TEST(preallocation_regression, a_failed_prefill_fsync_fails_durability_like_any_fsync) {
  io::fault_injecting_file_system fs;
  flush_scheduler flusher{1};
  log_config config;
  config.segment_bytes = 1 << 20;
  config.preallocate = true;
  config.flush_messages = 1'000'000;  // relaxed: only the prefill job syncs on its own
  config.flush_ms = 0;
  auto opened = partition_log::open({fs, flusher}, "/p-0", config);
  ASSERT_TRUE(opened.ok()) << opened.error_value().to_string();
  auto log = *opened;
  fs.make_everything_durable();

  // The next sync_data (the prefill job's, after its first 1 MiB piece... here the only piece
  // of zeros) fails: Linux may have dropped the batch's dirty pages and reports EIO once per
  // open file description.
  fs.fail_syncs(std::errc::io_error, 1);
  auto appended = log->append(testing::temporary_buffer(testing::make_batch()));
  ASSERT_TRUE(appended.ok());
  for (int i = 0; i < 500 && fs.counters().injected_failures == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(fs.counters().injected_failures, 1u) << "the prefill job did not sync";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the job's epilogue run

  // Contract (docs/storage.md): after a failed fsync nothing written since the last successful
  // one is trusted; offset 0 must not become durable without being cut and re-appended.
  status synced = log->sync();
  EXPECT_FALSE(synced.ok()) << "offset 0 reported durable although the fsync covering it failed";
  EXPECT_EQ(log->durable_end_offset(), offset(0));
}

}  // namespace
}  // namespace eventioz::storage
