#include "storage/log_compactor.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "io/file_system.h"
#include "log_test_support.h"

namespace eventioz::storage {
namespace {

using testing::append_durably;
using testing::make_keyed_batch;
using testing::read_all_records;

class log_compactor_test : public ::testing::Test {
 protected:
  std::shared_ptr<partition_log> open_log() {
    auto log = partition_log::open({io::posix_file_system(), flusher, clock},
                                   io::join_path(temp.path(), "accounts-0"), config);
    EXPECT_TRUE(log.ok());
    return *log;
  }
  static std::string text(const std::optional<byte_buffer>& bytes) {
    return bytes ? std::string(bytes->begin(), bytes->end()) : "<null>";
  }

  testing::temporary_directory temp;
  // The clock outlives the flush threads: a flush job may hold the last reference to a log.
  manual_clock clock{1'700'000'000'000};
  flush_scheduler flusher{1};
  log_config config = [] {
    log_config c;
    c.cleanup = cleanup_policy::compact;
    c.segment_bytes = 1024;
    return c;
  }();
};

TEST_F(log_compactor_test, keeps_exactly_the_latest_value_per_key_at_its_offset) {
  auto log = open_log();
  std::mt19937 random(42);
  std::map<std::string, std::pair<offset, std::string>> latest;
  for (int i = 0; i < 400; ++i) {
    std::string key = "account-" + std::to_string(random() % 25);
    std::string value = "balance-" + std::to_string(i);
    auto appended = append_durably(*log, make_keyed_batch(key, value, clock.now_ms()));
    latest[key] = {appended.base_offset, value};
  }
  size_t size_before = log->size_bytes();
  auto report = log_compactor::compact(*log);
  ASSERT_TRUE(report.ok()) << report.error_value().to_string();
  EXPECT_GT(report->records_removed, 300u);
  EXPECT_LT(log->size_bytes(), size_before);

  // What compaction cannot touch (the active segment) may still hold older values; every key's
  // latest value must be present at its original offset, and nothing older than it may remain
  // in the compacted part.
  auto records = read_all_records(*log);
  std::map<std::string, std::vector<offset>> seen;
  for (const auto& record : records) seen[text(record.key)].push_back(record.record_offset);
  for (const auto& [key, expected] : latest) {
    ASSERT_TRUE(seen.contains(key)) << key;
    EXPECT_EQ(seen[key].back(), expected.first) << key;
  }
  for (const auto& record : records) {
    if (record.record_offset == latest[text(record.key)].first) {
      EXPECT_EQ(text(record.value), latest[text(record.key)].second);
    }
  }
  // Offsets only increase and keep their values: reading from any kept offset works.
  for (size_t i = 1; i < records.size(); ++i) {
    EXPECT_LT(records[i - 1].record_offset, records[i].record_offset);
  }
  EXPECT_EQ(log->log_end_offset(), offset(400));
}

TEST_F(log_compactor_test, drops_tombstones_only_after_delete_retention) {
  config.delete_retention_ms = 60'000;
  auto log = open_log();
  append_durably(*log, make_keyed_batch("gone", "v1", clock.now_ms()));
  append_durably(*log, make_keyed_batch("gone", std::nullopt, clock.now_ms()));
  // Fill sealed segments so that the tombstone is not in the active segment.
  for (int i = 0; i < 60; ++i) {
    append_durably(*log, make_keyed_batch("other-" + std::to_string(i % 3), "x", clock.now_ms()));
  }
  ASSERT_TRUE(log_compactor::compact(*log).ok());
  auto has_key = [&](const std::string& key) {
    for (const auto& record : read_all_records(*log)) {
      if (text(record.key) == key) return true;
    }
    return false;
  };
  EXPECT_TRUE(has_key("gone"));  // the tombstone stays while it is recent
  clock.advance_ms(120'000);
  ASSERT_TRUE(log_compactor::compact(*log).ok());
  EXPECT_FALSE(has_key("gone"));
}

TEST_F(log_compactor_test, survives_reopening_and_does_nothing_for_delete_policy) {
  {
    auto log = open_log();
    for (int i = 0; i < 100; ++i)
      append_durably(*log, make_keyed_batch("k" + std::to_string(i % 5), "v", clock.now_ms()));
    ASSERT_TRUE(log_compactor::compact(*log).ok());
    ASSERT_TRUE(log->close().ok());
  }
  auto log = open_log();
  auto records = read_all_records(*log);
  EXPECT_EQ(records.back().record_offset, offset(99));
  EXPECT_LT(records.size(), 100u);

  config.cleanup = cleanup_policy::delete_segments;
  ASSERT_TRUE(log->update_config(config).ok());
  auto report = log_compactor::compact(*log);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->segments_rewritten, 0u);
}

}  // namespace
}  // namespace eventioz::storage
