// A partition with idempotent and transactional producers, on the real file system: retries,
// gaps, fencing, markers and the last stable offset, and the producer state across restarts
// (clean, crashed without a snapshot, crashed with a snapshot ahead of a torn log).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>

#include "cluster/errc.h"
#include "cluster/partition.h"
#include "cluster/producer_state_snapshot.h"
#include "io/fault_injecting_file_system.h"
#include "model/record_batch.h"
#include "model/transaction_marker.h"
#include "storage/flush_scheduler.h"
#include "storage/segment_file_names.h"

namespace eventioz::cluster {
namespace {

constexpr int64_t producer = 4000;

struct batch_spec {
  int64_t producer_id = producer;
  int16_t epoch = 0;
  int32_t sequence = 0;
  int records = 1;
  bool transactional = false;
};

byte_buffer make_batch(const batch_spec& spec) {
  std::vector<model::record_to_write> records;
  for (int index = 0; index < spec.records; ++index) {
    std::string value = "value-" + std::to_string(spec.sequence + index);
    records.push_back(
        {.value = byte_buffer(value.begin(), value.end()), .timestamp = 1'700'000'000'000});
  }
  auto batch = model::build_batch(records, {.producer_id = spec.producer_id,
                                            .producer_epoch = spec.epoch,
                                            .base_sequence = spec.sequence,
                                            .transactional = spec.transactional});
  EXPECT_TRUE(batch.ok());
  return *batch;
}

class partition_producers_test : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/eventioz-partition-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root = pattern;
    config.preallocate = false;  // the torn-tail test cuts the file where the batches end
  }
  void TearDown() override {
    current.reset();
    std::filesystem::remove_all(root);
  }

  std::string directory(const std::string& name = "events-0") const { return root + "/" + name; }

  std::shared_ptr<partition> open(const std::string& name = "events-0") {
    auto log = storage::partition_log::open({io::posix_file_system(), flusher, clock},
                                            directory(name), config);
    EXPECT_TRUE(log.ok()) << log.error_value();
    if (!log) return nullptr;
    auto opened = std::make_shared<partition>(
        storage::topic_partition{"events", 0}, *log, 0,
        partition_options{.fs = &io::posix_file_system(), .time = &clock});
    status recovered = opened->recover_producer_state();
    EXPECT_TRUE(recovered.ok()) << recovered.error_value();
    current = opened;
    return opened;
  }

  result<offset> append(partition& target, byte_buffer batch, uint64_t arrival = 0) {
    std::promise<result<offset>> answered;
    std::vector<mutable_byte_span> batches{batch};
    target.append(
        batches, [&](result<offset> base) { answered.set_value(std::move(base)); }, arrival);
    return answered.get_future().get();
  }

  result<offset> marker(partition& target, int64_t producer_id, int16_t epoch, bool commit) {
    std::promise<result<offset>> answered;
    target.write_transaction_marker(producer_id, epoch, commit, 7, [&](result<offset> written) {
      answered.set_value(std::move(written));
    });
    return answered.get_future().get();
  }

  // The partition's directory as a crash leaves it: synced files, no clean shutdown.
  void crash_copy(partition& target, const std::string& to) {
    ASSERT_TRUE(target.log().sync().ok());
    std::filesystem::copy(directory(), directory(to));
  }

  std::string root;
  manual_clock clock{1'700'000'000'000};
  storage::flush_scheduler flusher{1};
  storage::log_config config;
  std::shared_ptr<partition> current;
};

TEST_F(partition_producers_test, a_retried_batch_gets_its_original_offset_and_is_not_written) {
  auto events = open();
  ASSERT_TRUE(append(*events, make_batch({.sequence = 0, .records = 3})).ok());
  auto second = append(*events, make_batch({.sequence = 3, .records = 2}));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, offset(3));
  auto retried = append(*events, make_batch({.sequence = 0, .records = 3}));
  ASSERT_TRUE(retried.ok()) << retried.error_value();
  EXPECT_EQ(*retried, offset(0));
  EXPECT_EQ(*append(*events, make_batch({.sequence = 3, .records = 2})), offset(3));
  EXPECT_EQ(events->log().log_end_offset(), offset(5));
  EXPECT_EQ(events->high_watermark(), offset(5));
}

TEST_F(partition_producers_test, a_gap_and_an_old_epoch_are_refused_without_writing) {
  auto events = open();
  ASSERT_TRUE(append(*events, make_batch({.epoch = 2, .sequence = 0})).ok());
  auto gap = append(*events, make_batch({.epoch = 2, .sequence = 5}));
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error_value(), errc::out_of_order_sequence);
  auto fenced = append(*events, make_batch({.epoch = 1, .sequence = 1}));
  ASSERT_FALSE(fenced.ok());
  EXPECT_EQ(fenced.error_value(), errc::invalid_producer_epoch);
  EXPECT_EQ(events->log().log_end_offset(), offset(1));
}

TEST_F(partition_producers_test, control_batches_and_unbegun_transactions_are_refused) {
  auto events = open();
  byte_buffer forged = model::build_transaction_marker({.producer_id = producer, .commit = true});
  auto control = append(*events, forged);
  ASSERT_FALSE(control.ok());
  EXPECT_EQ(control.error_value(), errc::producer_batch_refused);
  auto unbegun = append(*events, make_batch({.transactional = true}));
  ASSERT_FALSE(unbegun.ok());
  EXPECT_EQ(unbegun.error_value(), errc::invalid_txn_state);
}

TEST_F(partition_producers_test, transactions_hold_the_last_stable_offset_until_their_marker) {
  auto events = open();
  ASSERT_TRUE(append(*events, make_batch({.producer_id = 1, .records = 2})).ok());  // 0-1
  ASSERT_TRUE(events->begin_transaction(producer, 0).ok());
  EXPECT_EQ(events->last_stable_offset(), offset(2)) << "begun, nothing written yet";
  ASSERT_TRUE(append(*events, make_batch({.records = 3, .transactional = true})).ok());  // 2-4
  ASSERT_TRUE(append(*events, make_batch({.producer_id = 1, .sequence = 2})).ok());      // 5
  EXPECT_EQ(events->high_watermark(), offset(6));
  EXPECT_EQ(events->last_stable_offset(), offset(2));

  auto aborted = marker(*events, producer, 0, /*commit=*/false);
  ASSERT_TRUE(aborted.ok()) << aborted.error_value();
  EXPECT_EQ(*aborted, offset(6));
  EXPECT_EQ(events->high_watermark(), offset(7));
  EXPECT_EQ(events->last_stable_offset(), offset(7));
  auto listed = events->aborted_transactions(offset(0), offset(7));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].producer_id, producer);
  EXPECT_EQ(listed[0].first_offset, offset(2));
  EXPECT_TRUE(events->aborted_transactions(offset(7), offset(8)).empty());

  // The marker is a real control batch in the log.
  auto stored = events->log().read_verified({.start = offset(6)});
  ASSERT_TRUE(stored.ok());
  auto parsed = model::parse_transaction_marker(*stored);
  ASSERT_TRUE(parsed.ok()) << parsed.error_value();
  EXPECT_FALSE(parsed->commit);
  EXPECT_EQ(parsed->producer_id, producer);
  EXPECT_EQ(parsed->coordinator_epoch, 7);

  // Nothing open any more: a second EndTxn writes nothing.
  auto again = marker(*events, producer, 0, true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(events->log().log_end_offset(), offset(7));
  // Ended transactions do not take more batches until begun again.
  EXPECT_EQ(append(*events, make_batch({.sequence = 3, .transactional = true})).error_value(),
            errc::invalid_txn_state);
  ASSERT_TRUE(events->begin_transaction(producer, 0).ok());
  ASSERT_TRUE(append(*events, make_batch({.sequence = 3, .transactional = true})).ok());
  ASSERT_TRUE(marker(*events, producer, 0, true).ok());
  EXPECT_EQ(events->last_stable_offset(), events->high_watermark());
  EXPECT_EQ(events->aborted_transactions(offset(0), offset(100)).size(), 1u);
}

TEST_F(partition_producers_test, a_batch_sent_before_the_transaction_began_is_refused) {
  auto events = open();
  // Transaction 1 begins (request 10) and writes sequence 0; its second batch (sequence 1,
  // request 20) is held up inside the broker while transaction 1 is aborted.
  ASSERT_TRUE(events->begin_transaction(producer, 0, 10).ok());
  ASSERT_TRUE(append(*events, make_batch({.transactional = true}), 11).ok());
  ASSERT_TRUE(marker(*events, producer, 0, false).ok());
  // Transaction 2, same producer id and epoch, begins with request 30.
  ASSERT_TRUE(events->begin_transaction(producer, 0, 30).ok());
  offset end = events->log().log_end_offset();
  // The late batch carries exactly the next sequence: without the guard it would be appended
  // into transaction 2.
  EXPECT_EQ(append(*events, make_batch({.sequence = 1, .transactional = true}), 20).error_value(),
            errc::invalid_txn_state);
  EXPECT_EQ(events->log().log_end_offset(), end) << "nothing written";
  // Transaction 2's own batch (sent after its AddPartitionsToTxn) goes in with that sequence.
  auto own = append(*events, make_batch({.sequence = 1, .transactional = true}), 31);
  ASSERT_TRUE(own.ok()) << own.error_value();
  // A retry of transaction 1's batch is not answered as a duplicate of transaction 2's.
  EXPECT_EQ(append(*events, make_batch({.sequence = 1, .transactional = true}), 20).error_value(),
            errc::invalid_txn_state);
  // Its retry inside transaction 2 is (the sequence checks are unchanged).
  auto retried = append(*events, make_batch({.sequence = 1, .transactional = true}), 32);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(*retried, *own);
  ASSERT_TRUE(marker(*events, producer, 0, true).ok());
}

TEST_F(partition_producers_test, a_zombie_is_fenced_by_a_newer_epoch) {
  auto events = open();
  ASSERT_TRUE(events->begin_transaction(producer, 3).ok());
  ASSERT_TRUE(append(*events, make_batch({.epoch = 3, .transactional = true})).ok());
  // The coordinator timed the transaction out and aborted it with a bumped epoch.
  ASSERT_TRUE(marker(*events, producer, 4, false).ok());
  EXPECT_EQ(
      append(*events, make_batch({.epoch = 3, .sequence = 1, .transactional = true})).error_value(),
      errc::invalid_producer_epoch);
  EXPECT_EQ(events->begin_transaction(producer, 3).error_value(), errc::invalid_producer_epoch);
  EXPECT_EQ(marker(*events, producer, 3, true).error_value(), errc::invalid_producer_epoch);
}

TEST_F(partition_producers_test, the_state_survives_a_clean_restart_through_the_snapshot) {
  {
    auto events = open();
    ASSERT_TRUE(append(*events, make_batch({.sequence = 0, .records = 2})).ok());
    ASSERT_TRUE(events->begin_transaction(9, 1).ok());
    ASSERT_TRUE(
        append(*events, make_batch({.producer_id = 9, .epoch = 1, .transactional = true})).ok());
    ASSERT_TRUE(events->save_producer_state(true).ok());
    current.reset();
  }
  ASSERT_TRUE(std::filesystem::exists(directory() + "/producer_state.snapshot"));
  auto events = open();
  EXPECT_EQ(*append(*events, make_batch({.sequence = 0, .records = 2})), offset(0));
  EXPECT_EQ(events->log().log_end_offset(), offset(3));
  // The transaction is still open: the coordinator finishes it.
  EXPECT_EQ(events->last_stable_offset(), offset(2));
  ASSERT_TRUE(
      append(*events,
             make_batch({.producer_id = 9, .epoch = 1, .sequence = 1, .transactional = true}))
          .ok());
  ASSERT_TRUE(marker(*events, 9, 1, false).ok());
  EXPECT_EQ(events->aborted_transactions(offset(0), offset(10)).size(), 1u);
}

TEST_F(partition_producers_test, without_a_snapshot_a_crash_rebuilds_the_state_from_the_log) {
  {
    auto events = open();
    ASSERT_TRUE(append(*events, make_batch({.sequence = 0, .records = 2})).ok());  // 0-1
    ASSERT_TRUE(events->begin_transaction(9, 0).ok());
    ASSERT_TRUE(append(*events, make_batch({.producer_id = 9, .transactional = true})).ok());  // 2
    ASSERT_TRUE(marker(*events, 9, 0, false).ok());                                            // 3
    ASSERT_TRUE(events->begin_transaction(9, 0).ok());
    ASSERT_TRUE(
        append(*events, make_batch({.producer_id = 9, .sequence = 1, .transactional = true}))
            .ok());  // 4
    crash_copy(*events, "crashed-0");
  }
  auto events = open("crashed-0");
  EXPECT_EQ(*append(*events, make_batch({.sequence = 0, .records = 2})), offset(0));
  EXPECT_FALSE(append(*events, make_batch({.sequence = 7})).ok());
  EXPECT_EQ(events->last_stable_offset(), offset(4));
  auto aborted = events->aborted_transactions(offset(0), offset(5));
  ASSERT_EQ(aborted.size(), 1u);
  EXPECT_EQ(aborted[0].first_offset, offset(2));
  EXPECT_EQ(aborted[0].last_offset, offset(3));
}

TEST_F(partition_producers_test, a_snapshot_ahead_of_a_torn_log_is_not_trusted) {
  uint64_t kept_bytes = 0;
  {
    auto events = open();
    ASSERT_TRUE(append(*events, make_batch({.sequence = 0})).ok());  // 0
    ASSERT_TRUE(events->log().sync().ok());
    kept_bytes = std::filesystem::file_size(
        directory() + "/" + storage::segment_file_name(offset(0), storage::log_suffix));
    ASSERT_TRUE(append(*events, make_batch({.sequence = 1})).ok());  // 1
    ASSERT_TRUE(events->save_producer_state(false).ok());            // sees offsets 0 and 1
    crash_copy(*events, "crashed-0");
  }
  // The crash tore the second batch: half of it is on disk.
  std::string segment =
      directory("crashed-0") + "/" + storage::segment_file_name(offset(0), storage::log_suffix);
  uint64_t size = std::filesystem::file_size(segment);
  std::filesystem::resize_file(segment, kept_bytes + (size - kept_bytes) / 2);

  auto events = open("crashed-0");
  ASSERT_EQ(events->log().log_end_offset(), offset(1));
  // Sequence 1 is gone with its batch: its retry is new data, not a duplicate of offset 1.
  auto retried = append(*events, make_batch({.sequence = 1}));
  ASSERT_TRUE(retried.ok()) << retried.error_value();
  EXPECT_EQ(*retried, offset(1));
  EXPECT_EQ(events->log().log_end_offset(), offset(2));
  EXPECT_EQ(*append(*events, make_batch({.sequence = 0})), offset(0));
}

TEST_F(partition_producers_test, idle_producers_expire_at_housekeeping) {
  auto events = open();
  ASSERT_TRUE(append(*events, make_batch({.sequence = 0})).ok());
  clock.advance_ms(86'400'000);
  ASSERT_TRUE(events->save_producer_state(false).ok());
  // Forgotten: any sequence is accepted again, as for a new producer.
  auto after = append(*events, make_batch({.sequence = 0}));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, offset(1));
}

TEST(partition_producers_fault_test, a_batch_whose_fsync_failed_is_appended_again_on_retry) {
  io::fault_injecting_file_system fs;
  manual_clock clock{1'700'000'000'000};
  storage::flush_scheduler flusher{1};
  ASSERT_TRUE(fs.create_directories("data/events-0").ok());
  fs.make_everything_durable();
  auto log = storage::partition_log::open({fs, flusher, clock}, "data/events-0", {});
  ASSERT_TRUE(log.ok()) << log.error_value();
  auto events = std::make_shared<partition>(storage::topic_partition{"events", 0}, *log, 0,
                                            partition_options{.fs = &fs, .time = &clock});
  ASSERT_TRUE(events->recover_producer_state().ok());
  auto append = [&](byte_buffer batch) {
    std::promise<result<offset>> answered;
    std::vector<mutable_byte_span> batches{batch};
    events->append(batches, [&](result<offset> base) { answered.set_value(std::move(base)); });
    return answered.get_future().get();
  };
  ASSERT_TRUE(append(make_batch({.sequence = 0})).ok());
  fs.fail_syncs(std::errc::io_error, 1);
  auto lost = append(make_batch({.sequence = 1}));
  ASSERT_FALSE(lost.ok());
  // Not a duplicate of the dropped write, and no gap either: the retry lands for real.
  auto retried = append(make_batch({.sequence = 1}));
  ASSERT_TRUE(retried.ok()) << retried.error_value();
  EXPECT_EQ(*retried, offset(1));
  EXPECT_EQ(events->high_watermark(), offset(2));
  EXPECT_EQ(*append(make_batch({.sequence = 1})), offset(1));
  EXPECT_TRUE((*log)->close().ok());
}

}  // namespace
}  // namespace eventioz::cluster

namespace eventioz::cluster {
namespace {

uint64_t topic_counter(const std::string& name, const std::string& topic) {
  for (const auto& family : metrics::default_registry().collect()) {
    if (family.name != name) continue;
    for (const auto& each : family.samples) {
      if (each.labels == metrics::label_values{topic}) return static_cast<uint64_t>(each.value);
    }
  }
  return 0;
}

TEST_F(partition_producers_test, counts_records_and_bytes_in_once_even_when_a_batch_is_retried) {
  uint64_t records_before = topic_counter("eventioz_topic_records_in_total", "events");
  uint64_t bytes_before = topic_counter("eventioz_topic_bytes_in_total", "events");
  auto events = open();
  byte_buffer idempotent = make_batch({.sequence = 0, .records = 3});
  byte_buffer plain = make_batch({.producer_id = -1, .epoch = -1, .sequence = -1, .records = 4});
  size_t expected_bytes = idempotent.size() + plain.size();
  ASSERT_TRUE(append(*events, idempotent).ok());
  ASSERT_TRUE(append(*events, make_batch({.sequence = 0, .records = 3})).ok());  // a retry
  ASSERT_TRUE(append(*events, plain).ok());
  EXPECT_EQ(topic_counter("eventioz_topic_records_in_total", "events") - records_before, 7u);
  EXPECT_EQ(topic_counter("eventioz_topic_bytes_in_total", "events") - bytes_before,
            expected_bytes);
}

}  // namespace
}  // namespace eventioz::cluster
