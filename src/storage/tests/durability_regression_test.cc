// Regression tests for durability bugs found in review, one per bug, each named after what
// broke (docs/storage.md is the contract they check).
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>

#include "io/fault_injecting_file_system.h"
#include "log_test_support.h"
#include "storage/errc.h"
#include "storage/log_compactor.h"
#include "storage/partition_log.h"
#include "storage/segment_file_names.h"

namespace eventioz::storage {
namespace {

using testing::make_batch;
using testing::make_keyed_batch;
using testing::read_all_records;

const std::string dir = "/data/t-0";

class durability_regression : public ::testing::Test {
 protected:
  void SetUp() override { spdlog::set_level(spdlog::level::off); }
  void TearDown() override {
    fs.set_operation_hook({});
    spdlog::set_level(spdlog::level::info);
  }
  std::shared_ptr<partition_log> open(log_config c) {
    // These tests aim faults at particular operations; a concurrent prefill job would take
    // some of them.
    c.preallocate = false;
    auto log = partition_log::open({fs, flusher, clock}, dir, c);
    EXPECT_TRUE(log.ok()) << log.error_value().to_string();
    return log.ok() ? *log : nullptr;
  }
  // Appends, waits until durable, advances the committed offset (a single-node owner).
  static append_result ack(partition_log& log, byte_buffer batch) {
    return testing::append_durably(log, std::move(batch));
  }
  std::string path(offset base, std::string_view suffix) {
    return io::join_path(dir, segment_file_name(base, suffix));
  }

  io::fault_injecting_file_system fs;
  // The clock outlives the flush threads: a flush job may hold the last reference to a log.
  manual_clock clock{1'700'000'000'000};
  flush_scheduler flusher{1};
};

// A flush queued before a failed fsync (here the prefill job's) but started after it synced
// again, succeeded and moved the durable end over the appends the failure had put in doubt
// and failed: the repair then kept a batch whose producer had been told it was lost, so its
// retry was written twice. Racy by nature (the prefill and the flush share the flush thread),
// so the scenario runs many times.
TEST(durability_regression_race, a_sync_after_a_failed_one_does_not_keep_the_failed_appends) {
  spdlog::set_level(spdlog::level::off);
  for (int round = 0; round < 150; ++round) {
    io::fault_injecting_file_system fs;
    manual_clock clock{1'700'000'000'000};
    flush_scheduler flusher{1};
    log_config config;
    config.preallocate = true;  // the prefill job's fsyncs meet the injected failure
    auto log = partition_log::open({fs, flusher, clock}, dir, config);
    ASSERT_TRUE(log.ok());
    testing::append_durably(**log, make_batch());
    fs.fail_syncs(std::errc::io_error, 1);
    auto doubtful = (*log)->append(testing::temporary_buffer(make_batch()));
    ASSERT_TRUE(doubtful.ok());
    std::promise<status> durable;
    (*log)->when_durable(doubtful->last_offset,
                         [&](status outcome) { durable.set_value(outcome); });
    if (durable.get_future().get().ok()) continue;  // the failure hit a later sync
    auto next = (*log)->append(testing::temporary_buffer(make_batch()));
    ASSERT_TRUE(next.ok());
    ASSERT_EQ(next->base_offset, offset(1)) << "round " << round << ": the failed append stayed";
    ASSERT_TRUE((*log)->close().ok());
  }
  spdlog::set_level(spdlog::level::info);
}

// truncate_suffix removes later segments before it checks that new_end is a batch boundary.
TEST_F(durability_regression, a_refused_truncation_inside_a_batch_deletes_nothing) {
  log_config c;
  c.segment_bytes = 600;
  auto log = open(c);
  for (int i = 0; i < 10; ++i) {
    auto appended =
        log->append(testing::temporary_buffer(make_batch({.record_count = 3, .value_size = 60})));
    ASSERT_TRUE(appended.ok());
  }
  ASSERT_TRUE(log->sync().ok());
  size_t segments = log->segment_count();
  ASSERT_GE(segments, 3u);
  auto refused = log->truncate_suffix(offset(4));  // inside the batch 3..5
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(log->segment_count(), segments) << "a refused truncation deleted segments";
  log->advance_committed(log->log_end_offset());
  EXPECT_EQ(read_all_records(*log).size(), 30u);
}

// A repair whose truncate succeeded but whose sync failed leaves the segment's size stale; every
// later repair then scans past the real end of the file and fails, so the log never takes
// appends again (before next_batch(), it grew the file with zeros and hid the next acknowledged
// append behind them).
TEST_F(durability_regression, a_failed_sync_during_a_repair_does_not_wedge_the_log) {
  auto log = open({});
  ack(*log, make_batch({.record_count = 2}));
  fs.fail_syncs(std::errc::io_error, 1);
  ASSERT_TRUE(log->append(testing::temporary_buffer(make_batch({.record_count = 2}))).ok());
  ASSERT_FALSE(log->sync().ok());  // the failed fsync: the next append repairs first

  std::atomic<bool> armed{true};
  fs.set_operation_hook([&](io::operation_kind kind, const std::string& p) {
    if (kind == io::operation_kind::truncate && p.ends_with(".log") && armed.exchange(false)) {
      fs.fail_syncs(std::errc::io_error, 1);  // the disk is still failing during the repair
    }
  });
  ASSERT_FALSE(log->append(testing::temporary_buffer(make_batch({.record_count = 2}))).ok());
  fs.set_operation_hook({});

  // The fault has cleared: the log must take appends again.
  auto retried = log->append(testing::temporary_buffer(make_batch({.record_count = 2})));
  ASSERT_TRUE(retried.ok()) << "still failing after the fault cleared: "
                            << retried.error_value().to_string();
  EXPECT_EQ(retried->base_offset, offset(2));
  ASSERT_TRUE(log->sync().ok());
  log->advance_committed(retried->last_offset + 1);
  ASSERT_TRUE(log->checkpoint().ok());
  log.reset();
  fs.crash(1);
  auto reopened = partition_log::open({fs, flusher, clock}, dir, {});
  ASSERT_TRUE(reopened.ok()) << reopened.error_value().to_string();
  EXPECT_EQ((*reopened)->log_end_offset(), offset(4)) << "an acknowledged batch was lost";
}

// A roll that fails after creating the new segment file leaves it behind; later appends go to
// the old segment, and reopening takes the orphan as the active segment.
TEST_F(durability_regression, a_failed_roll_does_not_make_a_clean_restart_fail) {
  log_config c;
  c.segment_bytes = 700;
  auto log = open(c);
  for (int i = 0; i < 3; ++i) ack(*log, make_batch({.record_count = 1, .value_size = 100}));
  std::atomic<bool> armed{true};
  fs.set_operation_hook([&](io::operation_kind kind, const std::string& p) {
    if (kind == io::operation_kind::create && p.ends_with(".log") && armed.exchange(false)) {
      fs.fail_syncs(std::errc::io_error, 1);  // the directory sync of log_segment::create
    }
  });
  auto big = log->append(testing::temporary_buffer(
      make_batch({.record_count = 2, .value_size = 120})));  // needs a roll, which fails
  ASSERT_FALSE(big.ok());
  fs.set_operation_hook({});
  ack(*log, make_batch({.record_count = 1, .value_size = 10}));  // fits the old segment
  offset end = log->log_end_offset();
  ASSERT_TRUE(log->close().ok());
  log.reset();
  auto reopened = partition_log::open({fs, flusher, clock}, dir, c);
  ASSERT_TRUE(reopened.ok()) << reopened.error_value().to_string();
  EXPECT_EQ((*reopened)->log_end_offset(), end);
}

// A failed fsync during a roll (write_indexes_and_sync) is not treated like a failed flush: a
// waiter for data written before it is later told "durable" by a flush whose fsync succeeds
// only because the kernel already reported (and forgot) the error.
TEST_F(durability_regression, a_failed_fsync_in_a_roll_fails_the_waiting_appends) {
  log_config c;
  c.segment_bytes = 700;
  auto log = open(c);
  for (int i = 0; i < 3; ++i) ack(*log, make_batch({.record_count = 1, .value_size = 100}));
  std::promise<void> gate;
  auto gate_open = gate.get_future().share();
  flusher.submit([gate_open] { gate_open.wait(); });  // holds the flush thread
  auto small = log->append(testing::temporary_buffer(make_batch({.value_size = 10})));
  ASSERT_TRUE(small.ok());
  std::promise<status> outcome;
  log->when_durable(small->last_offset, [&](status s) { outcome.set_value(s); });
  fs.fail_syncs(std::errc::io_error, 1);
  auto big =
      log->append(testing::temporary_buffer(make_batch({.record_count = 2, .value_size = 120})));
  ASSERT_FALSE(big.ok());  // the roll's fsync of the old segment failed
  gate.set_value();
  EXPECT_FALSE(outcome.get_future().get().ok())
      << "written before a failed fsync, yet reported durable";
}

// Compaction renames .log.cleaned over .log before rewriting the indexes; a crash in between
// leaves the old segment's index, whose positions no longer fall on batch boundaries.
TEST_F(durability_regression, a_crash_during_the_compaction_swap_leaves_a_readable_log) {
  log_config c;
  c.cleanup = cleanup_policy::compact;
  c.segment_bytes = 1200;
  c.index_interval_bytes = 100;
  auto log = open(c);
  {
    std::vector<model::record_to_write> records(2);
    records[0].key = byte_buffer{'d', 'u', 'p'};
    records[0].value = byte_buffer(20, 'o');
    records[0].timestamp = clock.now_ms();
    records[1].key = byte_buffer{'a'};
    records[1].value = byte_buffer{'x'};
    records[1].timestamp = clock.now_ms();
    ack(*log, *model::build_batch(records, {}));
  }
  for (int i = 0; log->segment_count() < 2; ++i) {
    ack(*log, make_keyed_batch("u" + std::to_string(i), "value", clock.now_ms()));
  }
  ack(*log, make_keyed_batch("dup", "new", clock.now_ms()));  // supersedes record 0
  offset second_segment_base = log->log_end_offset() - 1;
  for (int i = 0; i < 3; ++i) ack(*log, make_keyed_batch("w" + std::to_string(i), "v"));

  std::atomic<bool> renamed{false};
  fs.set_operation_hook([&](io::operation_kind kind, const std::string& p) {
    if (kind == io::operation_kind::rename && p.ends_with(".log.cleaned")) renamed = true;
    if (renamed && kind == io::operation_kind::create && p.ends_with(".index")) fs.freeze_now();
  });
  EXPECT_FALSE(log_compactor::compact(*log).ok());  // the machine dies mid-swap
  fs.set_operation_hook({});
  log.reset();
  fs.crash(3);

  auto reopened = partition_log::open({fs, flusher, clock}, dir, c);
  ASSERT_TRUE(reopened.ok()) << reopened.error_value().to_string();
  (*reopened)->advance_committed((*reopened)->log_end_offset());
  for (offset start(0); start < second_segment_base; start = start + 1) {
    auto read = (*reopened)->read_verified({.start = start, .max_bytes = 1});
    ASSERT_TRUE(read.ok()) << "offset " << start << ": " << read.error_value().to_string();
  }
}

// ensure_indexes shrinks _size_bytes and marks the indexes loaded before it reports damage:
// the first read fails, later reads silently skip the rest of the damaged segment.
TEST_F(durability_regression, a_damaged_sealed_segment_stays_an_error_on_every_read) {
  log_config c;
  c.segment_bytes = 2048;
  {
    auto log = open(c);
    for (int i = 0; i < 40; ++i) ack(*log, make_batch({.record_count = 2, .value_size = 60}));
    ASSERT_GT(log->segment_count(), 3u);
    ASSERT_TRUE(log->close().ok());
  }
  {
    auto file = fs.open(path(offset(0), log_suffix), io::open_mode::read_write);
    ASSERT_TRUE(file.ok());
    uint8_t byte = 0;
    ASSERT_TRUE((*file)->read_at(300, {&byte, 1}).ok());
    byte ^= 0x5a;
    ASSERT_TRUE((*file)->write_at(300, {&byte, 1}).ok());
    ASSERT_TRUE(fs.remove_file(path(offset(0), index_suffix)).ok());
  }
  auto log = open(c);
  auto first = log->read_verified({.start = offset(0)});
  ASSERT_FALSE(first.ok());
  auto second = log->read_verified({.start = offset(4)});
  EXPECT_FALSE(second.ok()) << "the damaged range was silently skipped";
}

// A flush that started before a suffix truncation sets the durable end to the old log end.
TEST_F(durability_regression,
       a_flush_racing_a_truncation_does_not_move_the_durable_end_past_the_log_end) {
  auto log = open({});
  ack(*log, make_batch({.record_count = 2}));
  std::mutex m;
  std::condition_variable cv;
  bool block_next = true, in_sync = false, released = false;
  fs.set_operation_hook([&](io::operation_kind kind, const std::string& p) {
    if (kind != io::operation_kind::sync_data || !p.ends_with(".log")) return;
    std::unique_lock lock(m);
    if (!block_next) return;
    block_next = false;
    in_sync = true;
    cv.notify_all();
    cv.wait(lock, [&] { return released; });
  });
  ASSERT_TRUE(log->append(testing::temporary_buffer(make_batch({.record_count = 8}))).ok());
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return in_sync; });  // the flush to offset 10 is in its fsync
  }
  ASSERT_TRUE(log->truncate_suffix(offset(2)).ok());
  ASSERT_TRUE(log->append(testing::temporary_buffer(make_batch({.record_count = 2}))).ok());
  {
    std::lock_guard lock(m);
    released = true;
  }
  cv.notify_all();
  ASSERT_TRUE(log->sync().ok());
  EXPECT_LE(log->durable_end_offset(), log->log_end_offset());

  // Consequence: the next append is reported durable at once, with no fsync after its write.
  uint64_t syncs_before = fs.counters().syncs;
  auto next = log->append(testing::temporary_buffer(make_batch({.record_count = 2})));
  ASSERT_TRUE(next.ok());
  std::atomic<bool> reported{false};
  log->when_durable(next->last_offset, [&](status s) { reported = s.ok(); });
  if (reported) {
    EXPECT_GT(fs.counters().syncs, syncs_before) << "acknowledged without any fsync";
  }
  ASSERT_TRUE(log->sync().ok());
  fs.set_operation_hook({});
}

// The compactor checks that the segment it swaps is still the same file, not that it is still
// sealed and unchanged: a truncation to the committed end can make it the active segment, and
// the swap then drops what was appended to it meanwhile.
TEST_F(durability_regression, compaction_does_not_drop_batches_appended_after_its_snapshot) {
  log_config c;
  c.cleanup = cleanup_policy::compact;
  c.segment_bytes = 300;
  auto log = open(c);
  ack(*log, make_keyed_batch("k", "v1", clock.now_ms()));
  ack(*log, make_keyed_batch("k", "v2", clock.now_ms()));
  ack(*log, make_keyed_batch("a", "1", clock.now_ms()));
  ASSERT_EQ(log->segment_count(), 1u);
  ASSERT_TRUE(
      log->append(testing::temporary_buffer(make_keyed_batch("b", std::string(100, 'b')))).ok());
  ASSERT_EQ(log->segment_count(), 2u);  // the uncommitted batch 3 started a new segment
  ASSERT_TRUE(log->sync().ok());

  std::atomic<bool> armed{true};
  fs.set_operation_hook([&](io::operation_kind kind, const std::string& p) {
    if (kind == io::operation_kind::sync_data && p.ends_with(".log.cleaned") &&
        armed.exchange(false)) {
      // Meanwhile (another thread): a new leader truncates the uncommitted suffix, and a
      // new batch is appended, acknowledged and committed.
      ASSERT_TRUE(log->truncate_suffix(offset(3)).ok());
      ack(*log, make_keyed_batch("c", "1", clock.now_ms()));
    }
  });
  auto compacted = log_compactor::compact(*log);
  fs.set_operation_hook({});
  ASSERT_TRUE(compacted.ok()) << compacted.error_value().to_string();
  auto records = read_all_records(*log);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().record_offset, offset(3)) << "the acknowledged batch at 3 is gone";
  ASSERT_TRUE(log->close().ok());
  log.reset();
  auto reopened = partition_log::open({fs, flusher, clock}, dir, c);
  ASSERT_TRUE(reopened.ok()) << reopened.error_value().to_string();
}

// offset_for_timestamp looks at one segment only; with the log start inside it, the match
// can be in a later segment.
TEST_F(durability_regression,
       offset_for_timestamp_looks_past_a_segment_whose_match_is_below_the_log_start) {
  log_config c;
  c.segment_bytes = 170;
  c.retention_ms = -1;
  auto log = open(c);
  ack(*log, make_keyed_batch("a", "1", 2000));
  ack(*log, make_keyed_batch("b", "2", 1000));
  ack(*log, make_keyed_batch("c", "3", 3000));
  ASSERT_EQ(log->segment_count(), 2u);
  ASSERT_TRUE(log->delete_records_before(offset(1)).ok());
  auto found = log->offset_for_timestamp(1500);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, std::optional<offset>(offset(2)));
}

// After a recovery cut, the active segment's maximum timestamp falls back to its (sparse) time
// index, here empty: sealed as is, retention deletes it at once, long before retention.ms.
TEST_F(durability_regression, a_recovery_cut_does_not_make_retention_delete_fresh_data) {
  log_config c;
  c.segment_bytes = 1000;
  c.retention_ms = 24 * 3600 * 1000;
  {
    auto log = open(c);
    ack(*log, make_batch({.record_count = 1, .value_size = 600, .timestamp = clock.now_ms()}));
    ASSERT_TRUE(log->close().ok());
  }
  {
    auto file = fs.open(path(offset(0), log_suffix), io::open_mode::read_write);
    ASSERT_TRUE(file.ok());
    uint64_t size = *(*file)->size();
    byte_buffer torn(30, 0x7f);  // a torn tail, as a crash leaves one
    ASSERT_TRUE((*file)->write_at(size, torn).ok());
    ASSERT_TRUE((*file)->sync_data().ok());
  }
  auto log = open(c);
  ASSERT_GT(log->recovery().bytes_cut, 0u);
  ack(*log, make_batch({.record_count = 1, .value_size = 600, .timestamp = clock.now_ms()}));
  ack(*log, make_batch({.record_count = 1, .value_size = 10, .timestamp = clock.now_ms()}));
  ASSERT_EQ(log->segment_count(), 2u);
  auto report = log->enforce_retention();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->segments_deleted, 0u) << "minutes-old data deleted by a 1-day retention";
}

}  // namespace
}  // namespace eventioz::storage
