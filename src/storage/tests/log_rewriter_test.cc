// log_compactor::remove_records (log_rewriter under it) and partition_log::roll: records a
// filter rejects disappear from sealed, committed segments; every other record, every offset,
// compressed and transactional batches and crash safety stay as docs/storage.md promises.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <deque>
#include <map>
#include <set>
#include <thread>

#include "io/fault_injecting_file_system.h"
#include "log_test_support.h"
#include "storage/log_compactor.h"
#include "storage/partition_log.h"

namespace eventioz::storage {
namespace {

using testing::append_durably;
using testing::read_all_records;

using keyed_value = std::pair<std::string, std::optional<std::string>>;

byte_buffer make_records_batch(const std::vector<keyed_value>& records,
                               model::compression codec = model::compression::none) {
  std::vector<model::record_to_write> to_write;
  for (const auto& [key, value] : records) {
    model::record_to_write record;
    record.key = byte_buffer(key.begin(), key.end());
    if (value) record.value = byte_buffer(value->begin(), value->end());
    record.timestamp = 1'700'000'000'000;
    to_write.push_back(std::move(record));
  }
  model::batch_options options;
  options.codec = codec;
  return *model::build_batch(to_write, options);
}

std::string text(const std::optional<byte_buffer>& bytes) {
  return bytes ? std::string(bytes->begin(), bytes->end()) : "<null>";
}

// Keeps everything but the events (non-null values) of key "gone".
bool not_gone(const model::record& record) { return text(record.key) != "gone" || !record.value; }

// offset -> "key=value" of every record up to the committed end.
std::map<offset, std::string> contents(partition_log& log) {
  std::map<offset, std::string> out;
  for (const auto& record : read_all_records(log)) {
    out[record.record_offset] = text(record.key) + "=" + text(record.value);
  }
  return out;
}

// The header of every batch up to the committed end, in order.
std::vector<model::record_batch_header> batch_headers(partition_log& log) {
  std::vector<model::record_batch_header> headers;
  offset next = log.log_start_offset();
  while (next < log.committed_end_offset()) {
    auto bytes = log.read_verified({.start = next});
    EXPECT_TRUE(bytes.ok()) << bytes.error_value().to_string();
    if (!bytes.ok() || bytes->empty()) break;
    for (size_t position = 0; position < bytes->size();) {
      auto header =
          model::parse_batch_header(byte_span(bytes->data() + position, bytes->size() - position));
      EVENTIOZ_ASSERT(header.ok(), "verified bytes do not parse");
      headers.push_back(*header);
      next = header->last_offset() + 1;
      position += header->size_bytes();
    }
  }
  return headers;
}

class log_rewriter_test : public ::testing::Test {
 protected:
  std::shared_ptr<partition_log> open_log() {
    auto log = partition_log::open({io::posix_file_system(), flusher, clock},
                                   io::join_path(temp.path(), "store-0"), config);
    EXPECT_TRUE(log.ok()) << log.error_value().to_string();
    return *log;
  }

  // Batches of several records, mixing "gone" with other keys, in every codec, then the
  // tombstone of "gone"; returns the contents before any removal.
  std::map<offset, std::string> fill(partition_log& log) {
    const model::compression codecs[] = {model::compression::none, model::compression::gzip,
                                         model::compression::snappy, model::compression::lz4,
                                         model::compression::zstd};
    for (int i = 0; i < 30; ++i) {
      std::string n = std::to_string(i);
      append_durably(log, make_records_batch({{"gone", "g" + n}, {"kept", "k" + n}, {"gone", "h"}},
                                             codecs[i % 5]));
      append_durably(log, make_records_batch({{"gone", "only" + n}}));  // loses everything
      append_durably(log, make_records_batch({{"other-" + n, std::string(40, 'o')}}));
    }
    append_durably(log, make_records_batch({{"gone", std::nullopt}}));
    return contents(log);
  }

  testing::temporary_directory temp;
  manual_clock clock{1'700'000'000'000};
  flush_scheduler flusher{1};
  log_config config = [] {
    log_config c;
    c.segment_bytes = 1024;
    c.retention_ms = -1;
    return c;
  }();
};

TEST_F(log_rewriter_test, removes_only_rejected_records_and_keeps_every_offset) {
  auto log = open_log();
  auto before = fill(*log);
  offset end_before = log->log_end_offset();
  ASSERT_TRUE(log->roll().ok());
  auto report = log_compactor::remove_records(*log, not_gone);
  ASSERT_TRUE(report.ok()) << report.error_value().to_string();
  EXPECT_EQ(report->records_removed, 90u);  // 3 events of "gone" in each of 30 rounds
  EXPECT_LT(report->bytes_after, report->bytes_before);

  auto after = contents(*log);
  std::map<offset, std::string> expected;
  for (const auto& [at, record] : before) {
    if (!record.starts_with("gone=") || record == "gone=<null>") expected[at] = record;
  }
  EXPECT_EQ(after, expected);  // same offsets, same records, tombstone included
  EXPECT_EQ(log->log_end_offset(), end_before);

  // Reads starting anywhere in the rewritten range, removed offsets included, return the next
  // kept record.
  for (offset at = offset(0); at < end_before; at = at + 1) {
    auto read = log->read_verified({.start = at, .max_bytes = 1});
    ASSERT_TRUE(read.ok()) << "offset " << at << ": " << read.error_value().to_string();
  }
  // Rebuilt batches keep their codec and extent: three records, base offsets 3 apart.
  std::map<offset, model::record_batch_header> by_base;
  for (const auto& header : batch_headers(*log)) by_base[header.base_offset] = header;
  for (int i = 0; i < 30; ++i) {
    offset base(i * 5);
    ASSERT_TRUE(by_base.contains(base)) << base;
    EXPECT_EQ(by_base[base].record_count, 1) << base;
    EXPECT_EQ(by_base[base].last_offset_delta, 2) << base;
    EXPECT_EQ(static_cast<int>(by_base[base].codec()), i % 5) << base;
    EXPECT_FALSE(by_base.contains(base + 3)) << "a batch that lost every record is dropped";
  }
}

TEST_F(log_rewriter_test, survives_reopening_and_a_second_run_removes_nothing) {
  std::map<offset, std::string> after;
  {
    auto log = open_log();
    fill(*log);
    ASSERT_TRUE(log->roll().ok());
    ASSERT_TRUE(log_compactor::remove_records(*log, not_gone).ok());
    after = contents(*log);
    ASSERT_TRUE(log->close().ok());
  }
  auto log = open_log();
  EXPECT_EQ(contents(*log), after);
  auto again = log_compactor::remove_records(*log, not_gone);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->records_removed, 0u);
  EXPECT_EQ(again->segments_rewritten, 0u);
}

TEST_F(log_rewriter_test, never_touches_the_active_segment_or_uncommitted_records) {
  config.segment_bytes = 1 << 20;
  auto log = open_log();
  append_durably(*log, make_records_batch({{"gone", "a"}}));
  auto report = log_compactor::remove_records(*log, not_gone);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->records_removed, 0u);  // active segment: out of reach until rolled

  ASSERT_TRUE(log->append(testing::temporary_buffer(make_records_batch({{"gone", "b"}}))).ok());
  ASSERT_TRUE(log->sync().ok());
  ASSERT_TRUE(log->roll().ok());  // the sealed segment ends past the committed offset
  report = log_compactor::remove_records(*log, not_gone);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->records_removed, 0u);

  log->advance_committed(log->log_end_offset());
  report = log_compactor::remove_records(*log, not_gone);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->records_removed, 2u);
  EXPECT_TRUE(contents(*log).empty());
}

TEST_F(log_rewriter_test, keeps_transactional_and_control_batches_as_they_are) {
  auto log = open_log();
  std::vector<model::record_to_write> records(1);
  records[0].key = byte_buffer{'g', 'o', 'n', 'e'};
  records[0].value = byte_buffer{'t'};
  model::batch_options options;
  options.transactional = true;
  options.producer_id = 7;
  options.producer_epoch = 0;
  options.base_sequence = 0;
  append_durably(*log, *model::build_batch(records, options));
  append_durably(*log, make_records_batch({{"gone", "plain"}}));
  ASSERT_TRUE(log->roll().ok());
  auto report = log_compactor::remove_records(*log, not_gone);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->records_removed, 1u);
  auto after = contents(*log);
  EXPECT_EQ(after, (std::map<offset, std::string>{{offset(0), "gone=t"}}));
}

TEST_F(log_rewriter_test, roll_seals_the_active_segment_and_is_a_no_op_when_it_is_empty) {
  config.segment_bytes = 1 << 20;
  {
    auto log = open_log();
    ASSERT_TRUE(log->roll().ok());
    EXPECT_EQ(log->segment_count(), 1u);
    append_durably(*log, make_records_batch({{"a", "1"}}));
    ASSERT_TRUE(log->roll().ok());
    EXPECT_EQ(log->segment_count(), 2u);
    ASSERT_TRUE(log->roll().ok());
    EXPECT_EQ(log->segment_count(), 2u);
    ASSERT_TRUE(log->close().ok());
    EXPECT_FALSE(log->roll().ok());
  }
  {
    auto log = open_log();  // after a clean shutdown: rolling withdraws the clean checkpoint
    append_durably(*log, make_records_batch({{"b", "2"}}));
    ASSERT_TRUE(log->roll().ok());
    append_durably(*log, make_records_batch({{"c", "3"}}));
    EXPECT_EQ(log->segment_count(), 3u);
    ASSERT_TRUE(log->close().ok());
  }
  auto log = open_log();
  EXPECT_EQ(contents(*log), (std::map<offset, std::string>{
                                {offset(0), "a=1"}, {offset(1), "b=2"}, {offset(2), "c=3"}}));
}

TEST_F(log_rewriter_test, appends_go_on_while_a_purge_runs) {
  config.segment_bytes = 600;
  auto log = open_log();
  std::atomic<bool> done{false};
  std::thread appender([&] {
    for (int i = 0; i < 300; ++i) {
      std::string n = std::to_string(i);
      append_durably(*log, make_records_batch({{"gone", "g" + n}, {"kept", n}}));
    }
    done = true;
  });
  while (!done) {
    ASSERT_TRUE(log->roll().ok());
    auto report = log_compactor::remove_records(*log, not_gone);
    ASSERT_TRUE(report.ok()) << report.error_value().to_string();
  }
  appender.join();
  ASSERT_TRUE(log->roll().ok());
  ASSERT_TRUE(log_compactor::remove_records(*log, not_gone).ok());
  auto after = contents(*log);
  ASSERT_EQ(after.size(), 300u);
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(after[offset(2 * i + 1)], "kept=" + std::to_string(i));
  }
}

// A power loss at every point of a purge: after reopening, each segment holds either all its
// old records or exactly the kept ones; nothing else is lost, and a second purge finishes.
class log_rewriter_crash_test : public ::testing::Test {
 protected:
  void SetUp() override { spdlog::set_level(spdlog::level::off); }
  void TearDown() override { spdlog::set_level(spdlog::level::info); }

  std::shared_ptr<partition_log> open_log(io::fault_injecting_file_system& fs) {
    auto log = partition_log::open({fs, flusher, clock}, "/data/store-0", config);
    EXPECT_TRUE(log.ok()) << log.error_value().to_string();
    if (!log.ok()) return nullptr;
    (*log)->advance_committed((*log)->log_end_offset());
    return *log;
  }

  // Writes the log; returns its contents and the base offset of every segment.
  std::pair<std::map<offset, std::string>, std::set<offset>> prepare(
      io::fault_injecting_file_system& fs) {
    auto log = open_log(fs);
    for (int i = 0; i < 12; ++i) {
      std::string n = std::to_string(i);
      append_durably(
          *log, make_records_batch({{"gone", "g" + n}, {"kept", "k" + n}},
                                   i % 2 ? model::compression::lz4 : model::compression::none));
      append_durably(*log, make_records_batch({{"other", std::string(60, 'o')}}));
    }
    append_durably(*log, make_records_batch({{"gone", std::nullopt}}));
    EXPECT_TRUE(log->roll().ok());
    EXPECT_TRUE(log->checkpoint().ok());
    std::set<offset> bases;
    auto names = fs.list_directory("/data/store-0");
    EXPECT_TRUE(names.ok());
    std::vector<std::string> listed = names.ok() ? *names : std::vector<std::string>{};
    for (const auto& name : listed) {
      if (name.ends_with(".log")) bases.insert(offset(std::stoll(name)));
    }
    auto before = contents(*log);
    fs.make_everything_durable();
    return {before, bases};
  }

  // One file system per trial, all outliving the flush threads (declared before the
  // scheduler): a flush job may hold the last reference to a log, and a log uses its fs.
  io::fault_injecting_file_system& new_file_system() { return file_systems.emplace_back(); }

  std::deque<io::fault_injecting_file_system> file_systems;
  manual_clock clock{1'700'000'000'000};
  flush_scheduler flusher{1};
  log_config config = [] {
    log_config c;
    c.segment_bytes = 600;
    c.index_interval_bytes = 100;
    c.preallocate = false;
    return c;
  }();
};

TEST_F(log_rewriter_crash_test, a_crash_anywhere_leaves_each_segment_old_or_new) {
  uint64_t purge_operations = 0;
  {
    auto& fs = new_file_system();
    prepare(fs);
    auto log = open_log(fs);
    uint64_t start = fs.counters().operations;
    ASSERT_TRUE(log_compactor::remove_records(*log, not_gone).ok());
    purge_operations = fs.counters().operations - start;
    ASSERT_GT(purge_operations, 10u);
  }
  for (uint64_t crash_at = 0; crash_at <= purge_operations; ++crash_at) {
    SCOPED_TRACE("crash after operation " + std::to_string(crash_at));
    auto& fs = new_file_system();
    auto prepared = prepare(fs);
    const auto& before = prepared.first;
    const auto& bases = prepared.second;
    {
      auto log = open_log(fs);
      fs.freeze_after_operations(crash_at);
      (void)log_compactor::remove_records(*log, not_gone);
    }
    fs.crash(crash_at, {.tear_last_write = true});

    auto log = open_log(fs);
    ASSERT_TRUE(log);
    auto after = contents(*log);
    std::map<offset, std::pair<int, int>> gone_per_segment;  // base -> (before, after)
    auto segment_of = [&](offset at) { return *std::prev(bases.upper_bound(at)); };
    for (const auto& [at, record] : before) {
      bool removable = record.starts_with("gone=") && record != "gone=<null>";
      if (removable) {
        ++gone_per_segment[segment_of(at)].first;
        if (after.contains(at)) {
          EXPECT_EQ(after[at], record);
          ++gone_per_segment[segment_of(at)].second;
        }
      } else {
        EXPECT_EQ(after[at], record) << "offset " << at;
      }
    }
    EXPECT_EQ(
        after.size() +
            [&] {
              size_t removed = 0;
              for (const auto& [base, counts] : gone_per_segment)
                removed += counts.first - counts.second;
              return removed;
            }(),
        before.size());
    for (const auto& [base, counts] : gone_per_segment) {
      EXPECT_TRUE(counts.second == 0 || counts.second == counts.first)
          << "segment " << base << " is a mix: " << counts.second << " of " << counts.first;
      if (crash_at == 0) {
        EXPECT_EQ(counts.second, counts.first) << "nothing ran: all old";
      }
      // No "all new" check at the last operation: the flush thread's own file operations
      // (syncs, checkpoints) interleave with the purge's, so a trial's count can differ from
      // the reference run's by a few (seen under ASan). The purge below must finish the job.
    }
    auto finished = log_compactor::remove_records(*log, not_gone);
    ASSERT_TRUE(finished.ok()) << finished.error_value().to_string();
    for (const auto& [at, record] : contents(*log)) {
      EXPECT_TRUE(!record.starts_with("gone=") || record == "gone=<null>") << at;
    }
  }
}

}  // namespace
}  // namespace eventioz::storage
