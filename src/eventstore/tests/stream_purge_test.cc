#include "eventstore/stream_purge.h"

#include <gtest/gtest.h>

#include <map>

#include "io/fault_injecting_file_system.h"
#include "model/record_batch.h"
#include "storage/flush_scheduler.h"
#include "storage/partition_log.h"

namespace eventioz::eventstore {
namespace {

using event = std::pair<std::string, std::optional<std::string>>;  // stream, data (null: deleted)

std::string text(const std::optional<byte_buffer>& bytes) {
  return bytes ? std::string(bytes->begin(), bytes->end()) : "<null>";
}

class stream_purge_test : public ::testing::Test {
 protected:
  std::shared_ptr<storage::partition_log> open_log() {
    auto log = storage::partition_log::open({fs, flusher, clock}, "/data/orders-0", config);
    EXPECT_TRUE(log.ok()) << log.error_value().to_string();
    return log.ok() ? *log : nullptr;
  }

  // Appends one batch, durably and committed (a single-node owner).
  offset append(storage::partition_log& log, const std::vector<event>& events,
                model::compression codec = model::compression::none) {
    std::vector<model::record_to_write> records;
    for (const auto& [stream, data] : events) {
      model::record_to_write record;
      record.key = byte_buffer(stream.begin(), stream.end());
      if (data) record.value = byte_buffer(data->begin(), data->end());
      record.timestamp = clock.now_ms();
      records.push_back(std::move(record));
    }
    model::batch_options options;
    options.codec = codec;
    auto batch = model::build_batch(records, options);
    EXPECT_TRUE(batch.ok());
    auto appended = log.append(*batch);
    EXPECT_TRUE(appended.ok()) << appended.error_value().to_string();
    EXPECT_TRUE(log.sync().ok());
    log.advance_committed(appended->last_offset + 1);
    return appended->base_offset;
  }

  // offset -> "stream=data" of every committed record.
  static std::map<offset, std::string> contents(storage::partition_log& log) {
    std::map<offset, std::string> out;
    offset next = log.log_start_offset();
    while (next < log.committed_end_offset()) {
      auto bytes = log.read_verified({.start = next});
      EXPECT_TRUE(bytes.ok()) << bytes.error_value().to_string();
      if (!bytes.ok() || bytes->empty()) break;
      for (size_t position = 0; position < bytes->size();) {
        byte_span rest(bytes->data() + position, bytes->size() - position);
        auto header = model::parse_batch_header(rest);
        EVENTIOZ_ASSERT(header.ok(), "verified bytes do not parse");
        auto records = model::read_records(rest.first(header->size_bytes()), 1 << 20);
        EVENTIOZ_ASSERT(records.ok(), "verified batch does not decode");
        for (const auto& record : *records) {
          out[record.record_offset] = text(record.key) + "=" + text(record.value);
        }
        next = header->last_offset() + 1;
        position += header->size_bytes();
      }
    }
    return out;
  }

  // What the log should hold after purging `deleted`: everything else, tombstones included.
  static std::map<offset, std::string> without(const std::map<offset, std::string>& before,
                                               const std::set<std::string>& deleted) {
    std::map<offset, std::string> out;
    for (const auto& [at, record] : before) {
      std::string stream = record.substr(0, record.find('='));
      if (!deleted.contains(stream) || record.ends_with("=<null>")) out[at] = record;
    }
    return out;
  }

  // The file system and clock outlive the flush threads (declared before the scheduler).
  io::fault_injecting_file_system fs;
  manual_clock clock{1'700'000'000'000};
  storage::flush_scheduler flusher{1};
  storage::log_config config = [] {
    storage::log_config c;
    c.retention_ms = -1;
    c.preallocate = false;
    return c;
  }();
};

TEST_F(stream_purge_test, removes_the_events_of_deleted_streams_and_keeps_their_tombstones) {
  config.segment_bytes = 700;
  auto log = open_log();
  const model::compression codecs[] = {model::compression::none, model::compression::zstd,
                                       model::compression::gzip};
  for (int i = 0; i < 40; ++i) {
    std::string n = std::to_string(i);
    append(*log, {{"order-1", "placed " + n}, {"order-2", "placed " + n}}, codecs[i % 3]);
    append(*log, {{"cart-9", "item " + n}});
  }
  offset tombstone = append(*log, {{"order-1", std::nullopt}});
  append(*log, {{"cart-9", "after the delete"}});
  auto before = contents(*log);
  offset end = log->log_end_offset();

  auto removed = purge_streams(*log, {"order-1"});
  ASSERT_TRUE(removed.ok()) << removed.error_value().to_string();
  EXPECT_EQ(*removed, 40u);  // every event of order-1, the active segment's included
  auto after = contents(*log);
  EXPECT_EQ(after, without(before, {"order-1"}));
  EXPECT_EQ(after[tombstone], "order-1=<null>");
  EXPECT_EQ(log->log_end_offset(), end);
  for (offset at = offset(0); at < end; at = at + 1) {
    auto read = log->read_verified({.start = at, .max_bytes = 1});
    ASSERT_TRUE(read.ok()) << "offset " << at << ": " << read.error_value().to_string();
    ASSERT_FALSE(read->empty()) << "offset " << at;
  }
}

TEST_F(stream_purge_test, rolls_the_active_segment_only_when_it_holds_deleted_events) {
  auto log = open_log();  // default segment.bytes and segment.ms: one segment
  append(*log, {{"acct-1", "opened"}, {"acct-2", "opened"}});
  append(*log, {{"acct-1", "deposited"}});
  append(*log, {{"acct-1", std::nullopt}});
  ASSERT_EQ(log->segment_count(), 1u);

  auto removed = purge_streams(*log, {"acct-1"});
  ASSERT_TRUE(removed.ok()) << removed.error_value().to_string();
  EXPECT_EQ(*removed, 2u);
  EXPECT_EQ(log->segment_count(), 2u);
  EXPECT_EQ(contents(*log), (std::map<offset, std::string>{{offset(1), "acct-2=opened"},
                                                           {offset(3), "acct-1=<null>"}}));

  // Nothing left to reach: no new segment per run, nothing removed.
  append(*log, {{"acct-2", "deposited"}});
  removed = purge_streams(*log, {"acct-1"});
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 0u);
  EXPECT_EQ(log->segment_count(), 2u);
  removed = purge_streams(*log, {});
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 0u);
  EXPECT_EQ(log->segment_count(), 2u);
}

TEST_F(stream_purge_test, leaves_events_not_yet_committed_for_the_next_purge) {
  auto log = open_log();
  append(*log, {{"s", "committed"}});
  auto batch =
      model::build_batch({{byte_buffer{'s'}, byte_buffer{'u'}, {}, clock.now_ms(), 0}}, {});
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE(log->append(*batch).ok());
  ASSERT_TRUE(log->sync().ok());

  auto removed = purge_streams(*log, {"s"});
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 0u);  // the sealed segment reaches past the committed offset
  log->advance_committed(log->log_end_offset());
  removed = purge_streams(*log, {"s"});
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 2u);
  EXPECT_EQ(log->segment_count(), 2u);  // the first run rolled; the second did not
}

TEST_F(stream_purge_test, the_purged_log_reopens_as_purged) {
  config.segment_bytes = 400;
  std::map<offset, std::string> after;
  {
    auto log = open_log();
    for (int i = 0; i < 20; ++i) append(*log, {{"a", "x"}, {"b", "y"}}, model::compression::lz4);
    append(*log, {{"a", std::nullopt}});
    ASSERT_TRUE(purge_streams(*log, {"a"}).ok());
    after = contents(*log);
    ASSERT_TRUE(log->close().ok());
  }
  auto log = open_log();
  EXPECT_EQ(contents(*log), after);
  EXPECT_EQ(after.size(), 21u);  // 20 of b, the tombstone of a
}

}  // namespace
}  // namespace eventioz::eventstore
