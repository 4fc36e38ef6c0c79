#include "storage/partition_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <thread>

#include "io/file_system.h"
#include "log_test_support.h"
#include "model/errc.h"
#include "storage/errc.h"

namespace eventioz::storage {
namespace {

using testing::append_durably;
using testing::make_batch;
using testing::read_all_records;

class partition_log_test : public ::testing::Test {
 protected:
  std::shared_ptr<partition_log> open_log(log_config config = {}) {
    auto log = partition_log::open({io::posix_file_system(), flusher, clock}, directory(), config);
    EXPECT_TRUE(log.ok()) << log.error_value().to_string();
    return log.ok() ? *log : nullptr;
  }
  std::string directory() const { return io::join_path(temp.path(), "orders-0"); }

  testing::temporary_directory temp;
  // The clock outlives the flush threads: a flush job may hold the last reference to a log.
  manual_clock clock{1'700'000'000'000};
  flush_scheduler flusher{2};
};

TEST_F(partition_log_test, assigns_consecutive_offsets_and_reads_them_back) {
  auto log = open_log();
  auto first = append_durably(*log, make_batch({.record_count = 3}));
  auto second = append_durably(*log, make_batch({.record_count = 2}));
  EXPECT_EQ(first.base_offset, offset(0));
  EXPECT_EQ(first.last_offset, offset(2));
  EXPECT_EQ(second.base_offset, offset(3));
  EXPECT_EQ(second.last_offset, offset(4));
  EXPECT_EQ(log->log_end_offset(), offset(5));

  auto records = read_all_records(*log);
  ASSERT_EQ(records.size(), 5u);
  for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i].record_offset, offset(i));
  EXPECT_EQ(std::string(records[4].key->begin(), records[4].key->end()), "key1");
}

TEST_F(partition_log_test, a_damaged_tail_does_not_hide_the_intact_batches_before_it) {
  auto log = open_log();
  byte_buffer first_batch = make_batch({.record_count = 3});
  size_t first_size = first_batch.size();
  append_durably(*log, std::move(first_batch));
  append_durably(*log, make_batch({.record_count = 2}));
  // Cut the segment file inside the second batch's header, behind the log's back.
  std::string segment;
  for (const auto& entry : std::filesystem::directory_iterator(directory())) {
    if (entry.path().extension() == ".log") segment = entry.path();
  }
  ASSERT_FALSE(segment.empty());
  std::filesystem::resize_file(segment, first_size + 10);

  auto intact = log->read({.start = offset(0), .max_bytes = 1 << 20});
  ASSERT_TRUE(intact.ok()) << intact.error_value();
  EXPECT_EQ(intact->size_bytes, first_size);
  EXPECT_EQ(intact->next_offset, offset(3));
  auto damaged = log->read({.start = offset(3), .max_bytes = 1 << 20});
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.error_value(), errc::corrupt_data);
}

TEST_F(partition_log_test, rewrites_only_the_base_offset_and_leader_epoch) {
  auto log = open_log();
  append_durably(*log, make_batch());
  byte_buffer batch = make_batch({.record_count = 2});
  byte_buffer original = batch;
  auto appended = log->append(batch, term_id(7));
  ASSERT_TRUE(appended.ok());
  ASSERT_TRUE(log->sync().ok());
  log->advance_committed(log->log_end_offset());
  auto stored = log->read_verified({.start = offset(1)});
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), original.size());
  auto header = model::validate_batch(*stored);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->base_offset, offset(1));
  EXPECT_EQ(header->partition_leader_epoch, 7);
  // Everything from the magic byte on is exactly as produced.
  EXPECT_TRUE(std::equal(original.begin() + 16, original.end(), stored->begin() + 16));
}

TEST_F(partition_log_test, rejects_invalid_batches_with_a_precise_error) {
  auto log = open_log();
  byte_buffer batch = make_batch({.record_count = 2});
  batch.back() ^= 0x01;  // breaks the CRC
  auto appended = log->append(batch);
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.error_value(), model::errc::crc_mismatch);

  byte_buffer truncated = make_batch();
  truncated.resize(truncated.size() - 1);
  EXPECT_FALSE(log->append(truncated).ok());
  EXPECT_EQ(log->log_end_offset(), offset(0));  // nothing was written
}

TEST_F(partition_log_test, refuses_batches_over_max_message_bytes) {
  log_config config;
  config.max_message_bytes = 1000;
  auto log = open_log(config);
  auto appended =
      log->append(testing::temporary_buffer(make_batch({.record_count = 1, .value_size = 2000})));
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.error_value(), errc::batch_too_large);
  EXPECT_NE(appended.error_value().message().find("max.message.bytes"), std::string::npos);
}

TEST_F(partition_log_test, readers_see_only_committed_offsets) {
  auto log = open_log();
  auto appended = log->append(testing::temporary_buffer(make_batch({.record_count = 4})));
  ASSERT_TRUE(appended.ok());
  ASSERT_TRUE(log->sync().ok());
  auto before = log->read({.start = offset(0)});
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->size_bytes, 0u);
  log->advance_committed(offset(4));
  auto after = log->read({.start = offset(0)});
  ASSERT_TRUE(after.ok());
  EXPECT_GT(after->size_bytes, 0u);
  EXPECT_EQ(after->next_offset, offset(4));
  EXPECT_EQ(after->committed_end_offset, offset(4));
}

TEST_F(partition_log_test, reads_whole_batches_up_to_max_bytes_but_at_least_one) {
  auto log = open_log();
  size_t batch_size = 0;
  for (int i = 0; i < 10; ++i) {
    byte_buffer batch = make_batch({.record_count = 2, .value_size = 100});
    batch_size = batch.size();
    append_durably(*log, batch);
  }
  auto three = log->read({.start = offset(0), .max_bytes = batch_size * 3 + batch_size / 2});
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(three->size_bytes, batch_size * 3);
  EXPECT_EQ(three->next_offset, offset(6));
  ASSERT_EQ(three->ranges.size(), 1u);  // contiguous batches are one range

  auto tiny = log->read({.start = offset(5), .max_bytes = 1});
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(tiny->size_bytes, batch_size);  // the batch holding offset 5
  EXPECT_EQ(tiny->next_offset, offset(6));

  auto strict = log->read({.start = offset(5), .max_bytes = 1, .at_least_one_batch = false});
  ASSERT_TRUE(strict.ok());
  EXPECT_EQ(strict->size_bytes, 0u);
}

TEST_F(partition_log_test, out_of_range_reads_are_errors) {
  auto log = open_log();
  append_durably(*log, make_batch({.record_count = 2}));
  auto past_end = log->read({.start = offset(3)});
  ASSERT_FALSE(past_end.ok());
  EXPECT_EQ(past_end.error_value(), errc::offset_out_of_range);
  auto at_end = log->read({.start = offset(2)});
  ASSERT_TRUE(at_end.ok());
  EXPECT_EQ(at_end->size_bytes, 0u);
}

TEST_F(partition_log_test, rolls_segments_by_size_and_reads_across_them) {
  log_config config;
  config.segment_bytes = 4096;
  auto log = open_log(config);
  for (int i = 0; i < 40; ++i)
    append_durably(*log, make_batch({.record_count = 5, .value_size = 50}));
  EXPECT_GE(log->segment_count(), 4u);
  auto records = read_all_records(*log);
  ASSERT_EQ(records.size(), 200u);
  for (size_t i = 0; i < records.size(); ++i) ASSERT_EQ(records[i].record_offset, offset(i));
  // A read that starts in the middle of a later segment finds its batch through the index.
  auto middle = read_all_records(*log, offset(137));
  ASSERT_FALSE(middle.empty());
  EXPECT_EQ(middle.front().record_offset, offset(137));
}

TEST_F(partition_log_test, rolls_segments_by_age) {
  log_config config;
  config.segment_ms = 60'000;
  auto log = open_log(config);
  append_durably(*log, make_batch());
  clock.advance_ms(59'000);
  append_durably(*log, make_batch());
  EXPECT_EQ(log->segment_count(), 1u);
  clock.advance_ms(2'000);
  append_durably(*log, make_batch());
  EXPECT_EQ(log->segment_count(), 2u);
}

TEST_F(partition_log_test, finds_offsets_by_timestamp) {
  log_config config;
  config.segment_bytes = 2048;
  config.index_interval_bytes = 256;
  auto log = open_log(config);
  for (int i = 0; i < 50; ++i) {
    append_durably(*log, make_batch({.record_count = 4, .timestamp = 1000 + i * 10}));
  }
  // Batch i holds offsets 4i..4i+3 with timestamps 1000+10i .. 1000+10i+3.
  EXPECT_EQ(*log->offset_for_timestamp(0), offset(0));
  EXPECT_EQ(*log->offset_for_timestamp(1000 + 10 * 17), offset(68));
  EXPECT_EQ(*log->offset_for_timestamp(1000 + 10 * 17 + 2), offset(70));
  EXPECT_EQ(*log->offset_for_timestamp(1000 + 10 * 17 + 5), offset(72));
  EXPECT_FALSE(log->offset_for_timestamp(1'000'000)->has_value());
}

TEST_F(partition_log_test, reopens_after_a_clean_close_without_recovery) {
  {
    auto log = open_log();
    for (int i = 0; i < 10; ++i) append_durably(*log, make_batch({.record_count = 3}));
    ASSERT_TRUE(log->close().ok());
  }
  auto log = open_log();
  EXPECT_TRUE(log->recovery().clean_shutdown);
  EXPECT_EQ(log->log_end_offset(), offset(30));
  EXPECT_EQ(log->committed_end_offset(), offset(30));
  append_durably(*log, make_batch());
  EXPECT_EQ(read_all_records(*log).size(), 31u);
}

TEST_F(partition_log_test, concurrent_appends_share_fsyncs_and_all_become_durable) {
  auto log = open_log();
  constexpr int threads = 8;
  constexpr int appends_per_thread = 50;
  std::atomic<int> durable{0};
  std::vector<std::thread> appenders;
  for (int t = 0; t < threads; ++t) {
    appenders.emplace_back([&] {
      for (int i = 0; i < appends_per_thread; ++i) {
        byte_buffer batch = make_batch({.record_count = 2});
        auto appended = log->append(batch);
        ASSERT_TRUE(appended.ok());
        std::promise<status> done;
        log->when_durable(appended->last_offset, [&](status s) { done.set_value(s); });
        ASSERT_TRUE(done.get_future().get().ok());
        ++durable;
      }
    });
  }
  for (auto& thread : appenders) thread.join();
  EXPECT_EQ(durable.load(), threads * appends_per_thread);
  EXPECT_EQ(log->durable_end_offset(), offset(threads * appends_per_thread * 2));
  log->advance_committed(log->log_end_offset());
  EXPECT_EQ(read_all_records(*log).size(), size_t{threads * appends_per_thread * 2});
}

TEST_F(partition_log_test, relaxed_flush_policy_flushes_after_flush_ms) {
  log_config config;
  config.flush_messages = 1'000'000;
  config.flush_ms = 20;
  auto log = open_log(config);
  auto appended = log->append(testing::temporary_buffer(make_batch()));
  ASSERT_TRUE(appended.ok());
  EXPECT_EQ(log->durable_end_offset(), offset(0));
  for (int i = 0; i < 200 && log->durable_end_offset() == offset(0); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(log->durable_end_offset(), offset(1));
}

TEST_F(partition_log_test, truncates_a_suffix_at_a_batch_boundary) {
  log_config config;
  config.segment_bytes = 1024;
  auto log = open_log(config);
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(
        log->append(testing::temporary_buffer(make_batch({.record_count = 2, .value_size = 40})))
            .ok());
  }
  ASSERT_TRUE(log->sync().ok());
  log->advance_committed(offset(10));
  EXPECT_EQ(log->truncate_suffix(offset(9)).error_value(), errc::truncation_below_committed);
  EXPECT_FALSE(log->truncate_suffix(offset(21)).ok());  // inside a batch
  ASSERT_TRUE(log->truncate_suffix(offset(20)).ok());
  EXPECT_EQ(log->log_end_offset(), offset(20));
  auto next = log->append(testing::temporary_buffer(make_batch()));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->base_offset, offset(20));
  ASSERT_TRUE(log->sync().ok());
  log->advance_committed(offset(21));
  EXPECT_EQ(read_all_records(*log).size(), 21u);
}

TEST_F(partition_log_test, delete_records_moves_the_start_and_drops_old_segments) {
  log_config config;
  config.segment_bytes = 1024;
  auto log = open_log(config);
  for (int i = 0; i < 30; ++i)
    append_durably(*log, make_batch({.record_count = 2, .value_size = 40}));
  size_t segments_before = log->segment_count();
  ASSERT_TRUE(log->delete_records_before(offset(31)).ok());
  EXPECT_EQ(log->log_start_offset(), offset(31));
  EXPECT_LT(log->segment_count(), segments_before);
  EXPECT_EQ(log->read({.start = offset(30)}).error_value(), errc::offset_out_of_range);
  auto records = read_all_records(*log, offset(31));
  EXPECT_EQ(records.front().record_offset, offset(31));
  EXPECT_EQ(log->delete_records_before(offset(61)).error_value(), errc::offset_out_of_range);

  ASSERT_TRUE(log->close().ok());
  auto reopened = open_log(config);
  EXPECT_EQ(reopened->log_start_offset(), offset(31));
}

TEST_F(partition_log_test, retention_by_bytes_deletes_oldest_sealed_segments) {
  log_config config;
  config.segment_bytes = 1024;
  config.retention_bytes = 3000;
  auto log = open_log(config);
  for (int i = 0; i < 40; ++i)
    append_durably(*log, make_batch({.record_count = 2, .value_size = 40}));
  auto report = log->enforce_retention();
  ASSERT_TRUE(report.ok());
  EXPECT_GT(report->segments_deleted, 0u);
  EXPECT_LE(log->size_bytes(), 3000u + 1024u);
  EXPECT_GT(log->log_start_offset(), offset(0));
  EXPECT_EQ(log->log_end_offset(), offset(80));
}

TEST_F(partition_log_test, retention_by_time_keeps_recent_segments) {
  log_config config;
  config.segment_bytes = 1024;
  config.retention_ms = 3'600'000;
  auto log = open_log(config);
  int64_t now = clock.now_ms();
  for (int i = 0; i < 20; ++i) {
    append_durably(*log,
                   make_batch({.record_count = 2, .value_size = 40, .timestamp = now - 7'200'000}));
  }
  for (int i = 0; i < 20; ++i) {
    append_durably(*log, make_batch({.record_count = 2, .value_size = 40, .timestamp = now}));
  }
  ASSERT_TRUE(log->enforce_retention().ok());
  auto records = read_all_records(*log, log->log_start_offset());
  ASSERT_FALSE(records.empty());
  // Old segments went; everything recent stayed.
  EXPECT_GE(log->log_start_offset(), offset(30));
  EXPECT_LE(log->log_start_offset(), offset(40));
  EXPECT_EQ(records.back().record_offset, offset(79));
}

TEST_F(partition_log_test, waiting_for_an_offset_that_does_not_exist_is_an_error) {
  auto log = open_log();
  append_durably(*log, make_batch({.record_count = 2}));
  std::promise<status> done;
  log->when_durable(offset(5), [&](status outcome) { done.set_value(outcome); });
  auto outcome = done.get_future().get();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error_value(), errc::offset_out_of_range);
}

TEST_F(partition_log_test, stopped_flush_threads_fail_waiters_instead_of_hanging) {
  log_config config;
  config.flush_messages = 1000;
  config.flush_ms = 10'000;  // a timer job is pending when the threads stop
  auto log = open_log(config);
  auto appended = log->append(testing::temporary_buffer(make_batch()));
  ASSERT_TRUE(appended.ok());
  flusher.stop();
  std::promise<status> done;
  log->when_durable(appended->last_offset, [&](status outcome) { done.set_value(outcome); });
  auto future = done.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_FALSE(future.get().ok());
  EXPECT_TRUE(log->close().ok());  // close still syncs everything itself
}

TEST_F(partition_log_test, closed_logs_refuse_work) {
  auto log = open_log();
  ASSERT_TRUE(log->close().ok());
  EXPECT_EQ(log->append(testing::temporary_buffer(make_batch())).error_value(), errc::log_closed);
  EXPECT_EQ(log->read({.start = offset(0)}).error_value(), errc::log_closed);
}

}  // namespace
}  // namespace eventioz::storage
