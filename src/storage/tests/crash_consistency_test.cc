// Random crash points during concurrent appends, on the fault-injecting file system: after
// every simulated power loss the recovered log must be a prefix of what was written, contain
// every acknowledged batch, and serve no corrupt batch.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "io/fault_injecting_file_system.h"
#include "log_test_support.h"
#include "storage/partition_log.h"

namespace eventioz::storage {
namespace {

constexpr int appender_count = 4;
constexpr int appends_per_appender = 25;
const std::string log_directory = "/data/events-0";

struct written_batch {
  byte_buffer bytes;  // as stored: base offset and leader epoch rewritten
  bool acknowledged = false;
};

log_config small_segments() {
  log_config config;
  config.segment_bytes = 2048;
  config.index_interval_bytes = 200;
  return config;
}

// Appends batches from several threads until the file system fails them; returns what was
// written, by base offset, with the acknowledged ones marked.
std::map<offset, written_batch> run_workload(partition_log& log, uint64_t seed) {
  std::mutex mutex;
  std::map<offset, written_batch> written;
  std::vector<std::thread> appenders;
  for (int t = 0; t < appender_count; ++t) {
    appenders.emplace_back([&, t] {
      std::mt19937 random(static_cast<uint32_t>(seed * 31 + t));
      for (int i = 0; i < appends_per_appender; ++i) {
        byte_buffer batch = testing::make_batch({.record_count = 1 + static_cast<int>(random() % 3),
                                                 .value_size = 20 + random() % 80,
                                                 .key_prefix = fmt::format("t{}-b{}-", t, i)});
        auto appended = log.append(batch);
        if (!appended) return;  // the machine "died": stop like a client would
        {
          std::lock_guard lock(mutex);
          written[appended->base_offset] = {batch, false};
        }
        std::promise<status> durable;
        log.when_durable(appended->last_offset,
                         [&durable](status outcome) { durable.set_value(outcome); });
        if (!durable.get_future().get()) return;
        {
          std::lock_guard lock(mutex);
          written[appended->base_offset].acknowledged = true;
        }
        log.advance_committed(log.durable_end_offset());
        if (t == 0 && i % 5 == 4) log.checkpoint().ok();  // records the committed offset
      }
    });
  }
  for (auto& thread : appenders) thread.join();
  return written;
}

struct recovered_batch {
  offset base;
  offset last;
  byte_buffer bytes;
};

std::vector<recovered_batch> read_everything(partition_log& log) {
  std::vector<recovered_batch> batches;
  log.advance_committed(log.log_end_offset());
  offset next = log.log_start_offset();
  while (next < log.log_end_offset()) {
    auto bytes = log.read_verified({.start = next});
    EXPECT_TRUE(bytes.ok()) << bytes.error_value().to_string();
    if (!bytes.ok() || bytes->empty()) break;
    for (size_t at = 0; at < bytes->size();) {
      auto header = model::parse_batch_header(byte_span(*bytes).subspan(at));
      EVENTIOZ_ASSERT(header.ok(), "verified bytes do not parse");
      auto whole = byte_span(*bytes).subspan(at, header->size_bytes());
      batches.push_back(
          {header->base_offset, header->last_offset(), byte_buffer(whole.begin(), whole.end())});
      next = header->last_offset() + 1;
      at += header->size_bytes();
    }
  }
  return batches;
}

uint64_t count_operations_of_a_full_run() {
  io::fault_injecting_file_system fs;
  flush_scheduler flusher(2);
  auto log = partition_log::open({fs, flusher}, log_directory, small_segments());
  EVENTIOZ_ASSERT(log.ok(), "open: {}", log.error_value().to_string());
  run_workload(**log, 0);
  (*log)->close().ok();
  return fs.counters().operations;
}

class crash_consistency : public ::testing::Test {
 protected:
  void SetUp() override { spdlog::set_level(spdlog::level::off); }
  void TearDown() override { spdlog::set_level(spdlog::level::info); }
};

TEST_F(crash_consistency, a_thousand_random_crash_points_lose_no_acknowledged_batch) {
  const uint64_t operations = count_operations_of_a_full_run();
  ASSERT_GT(operations, 100u);
  std::mt19937_64 random(20261124);
  int trials_with_acknowledged_data = 0;
  int trials_with_a_cut = 0;
  for (uint64_t trial = 0; trial < 1000; ++trial) {
    SCOPED_TRACE(fmt::format("trial {}", trial));
    io::fault_injecting_file_system fs;
    std::map<offset, written_batch> written;
    {
      flush_scheduler flusher(2);
      auto log = partition_log::open({fs, flusher}, log_directory, small_segments());
      ASSERT_TRUE(log.ok());
      fs.freeze_after_operations(random() % (operations + 1));
      written = run_workload(**log, trial);
      flusher.stop();
    }  // the log's close fails on the frozen file system: nothing more becomes durable

    io::crash_options crash;
    crash.tear_last_write = trial % 2 == 0;
    crash.garble_torn_tail = trial % 4 == 0;
    crash.keep_unsynced_probability = trial % 3 == 0 ? 0.5 : 0.0;
    crash.keep_unsynced_entries_probability = trial % 5 == 0 ? 0.5 : 0.0;
    fs.crash(trial, crash);

    flush_scheduler flusher(1);
    auto reopened = partition_log::open({fs, flusher}, log_directory, small_segments());
    ASSERT_TRUE(reopened.ok()) << reopened.error_value().to_string();
    if ((*reopened)->recovery().bytes_cut > 0) ++trials_with_a_cut;
    auto recovered = read_everything(**reopened);

    // A prefix of what was written, batch for batch, byte for byte.
    offset expected_next(0);
    for (const auto& batch : recovered) {
      ASSERT_EQ(batch.base, expected_next);
      auto source = written.find(batch.base);
      ASSERT_NE(source, written.end()) << "recovered a batch nobody wrote at " << batch.base;
      ASSERT_EQ(batch.bytes, source->second.bytes) << "batch at " << batch.base << " differs";
      expected_next = batch.last + 1;
    }
    EXPECT_EQ(expected_next, (*reopened)->log_end_offset());
    // Every acknowledged batch survived.
    bool any_acknowledged = false;
    for (const auto& [base, batch] : written) {
      if (!batch.acknowledged) continue;
      any_acknowledged = true;
      ASSERT_LT(base, expected_next) << "acknowledged batch at " << base << " was lost";
    }
    if (any_acknowledged) ++trials_with_acknowledged_data;

    // The recovered log takes appends again, at the next offset.
    auto appended = (*reopened)->append(testing::temporary_buffer(testing::make_batch()));
    ASSERT_TRUE(appended.ok()) << appended.error_value().to_string();
    EXPECT_EQ(appended->base_offset, expected_next);
  }
  // The crash points must really cover the interesting cases.
  EXPECT_GT(trials_with_acknowledged_data, 500);
  EXPECT_GT(trials_with_a_cut, 10);
}

}  // namespace
}  // namespace eventioz::storage
