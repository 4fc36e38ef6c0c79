// Recovery after crashes and damage on the real file system: torn tails, bit flips, lost
// indexes. Random crash points are in crash_consistency_test.cc (fault-injecting file system).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/file_system.h"
#include "log_test_support.h"
#include "storage/errc.h"
#include "storage/partition_log.h"
#include "storage/segment_file_names.h"

namespace eventioz::storage {
namespace {

using testing::append_durably;
using testing::make_batch;
using testing::read_all_records;

class recovery_test : public ::testing::Test {
 protected:
  result<std::shared_ptr<partition_log>> open_log() {
    return partition_log::open({io::posix_file_system(), flusher, clock}, directory(), config);
  }
  std::string directory() const { return io::join_path(temp.path(), "events-0"); }
  std::string segment_path(offset base, std::string_view suffix = log_suffix) const {
    return io::join_path(directory(), segment_file_name(base, suffix));
  }
  void flip_byte(const std::string& path, uint64_t position) {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(static_cast<std::streamoff>(position));
    char byte = 0;
    file.read(&byte, 1);
    byte ^= 0x10;
    file.seekp(static_cast<std::streamoff>(position));
    file.write(&byte, 1);
  }
  void append_bytes(const std::string& path, const byte_buffer& bytes) {
    std::ofstream file(path, std::ios::app | std::ios::binary);
    file.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }
  // Leaves the directory as a crash would: the files as they are on disk while the log is
  // still open (everything synced, no clean-shutdown checkpoint).
  void crash_copy(partition_log& log) {
    ASSERT_TRUE(log.sync().ok());
    std::filesystem::copy(directory(), crashed_directory());
  }
  void write_and_crash(int batches, int records_per_batch = 2) {
    auto log = open_log();
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < batches; ++i) {
      append_durably(**log, make_batch({.record_count = records_per_batch, .value_size = 60}));
    }
    ASSERT_TRUE((*log)->checkpoint().ok());  // records the committed offset, not clean
    crash_copy(**log);
  }
  result<std::shared_ptr<partition_log>> open_crashed() {
    return partition_log::open({io::posix_file_system(), flusher, clock}, crashed_directory(),
                               config);
  }
  std::string crashed_directory() const { return io::join_path(temp.path(), "crashed-0"); }
  std::string crashed_segment(offset base) const {
    return io::join_path(crashed_directory(), segment_file_name(base, log_suffix));
  }

  testing::temporary_directory temp;
  // The clock outlives the flush threads: a flush job may hold the last reference to a log.
  manual_clock clock{1'700'000'000'000};
  flush_scheduler flusher{1};
  // These tests damage the end of the file, so the file must end where the batches do.
  log_config config = [] {
    log_config c;
    c.preallocate = false;
    return c;
  }();
};

TEST_F(recovery_test, a_torn_tail_is_cut_and_reported) {
  write_and_crash(10);
  byte_buffer torn = make_batch({.record_count = 3});
  torn.resize(torn.size() / 2);  // half a batch: the write was interrupted
  append_bytes(crashed_segment(offset(0)), torn);

  auto log = open_crashed();
  ASSERT_TRUE(log.ok()) << log.error_value().to_string();
  EXPECT_FALSE((*log)->recovery().clean_shutdown);
  EXPECT_EQ((*log)->recovery().bytes_cut, torn.size());
  EXPECT_EQ((*log)->log_end_offset(), offset(20));
  (*log)->advance_committed(offset(20));
  EXPECT_EQ(read_all_records(**log).size(), 20u);
  // Appends continue right after the last whole batch.
  auto next = (*log)->append(testing::temporary_buffer(make_batch()));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->base_offset, offset(20));
}

TEST_F(recovery_test, a_corrupt_uncommitted_tail_batch_is_cut) {
  {
    auto log = open_log();
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 5; ++i) append_durably(**log, make_batch({.record_count = 2}));
    ASSERT_TRUE((*log)->checkpoint().ok());
    // One more batch written but never committed: the crash may damage it.
    ASSERT_TRUE((*log)->append(testing::temporary_buffer(make_batch({.record_count = 2}))).ok());
    crash_copy(**log);
  }
  uint64_t size = std::filesystem::file_size(crashed_segment(offset(0)));
  flip_byte(crashed_segment(offset(0)), size - 3);
  auto log = open_crashed();
  ASSERT_TRUE(log.ok()) << log.error_value().to_string();
  EXPECT_EQ((*log)->log_end_offset(), offset(10));
  EXPECT_GT((*log)->recovery().bytes_cut, 0u);
  EXPECT_NE((*log)->recovery().cut_reason.find("CRC"), std::string::npos)
      << (*log)->recovery().cut_reason;
}

TEST_F(recovery_test, damage_below_the_committed_offset_is_refused_not_cut) {
  write_and_crash(10);
  flip_byte(crashed_segment(offset(0)), 100);  // inside the first batch, which is committed
  auto log = open_crashed();
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.error_value(), errc::committed_data_damaged);
  EXPECT_NE(log.error_value().message().find("restore"), std::string::npos);
}

TEST_F(recovery_test, a_zeroed_batch_followed_by_data_is_damage_not_the_end) {
  {
    auto log = open_log();
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 5; ++i) append_durably(**log, make_batch({.record_count = 2}));
    ASSERT_TRUE((*log)->checkpoint().ok());  // offsets below 10 are committed on disk
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE((*log)->append(testing::temporary_buffer(make_batch({.record_count = 2}))).ok());
    }
    crash_copy(**log);
  }
  uint64_t batch_size = std::filesystem::file_size(crashed_segment(offset(0))) / 10;
  {
    // A sector of zeros over the 8th batch's header; the batches after it are intact.
    std::fstream file(crashed_segment(offset(0)), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(7 * batch_size));
    std::string zeros(61, '\0');
    file.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  }
  auto log = open_crashed();
  ASSERT_TRUE(log.ok()) << log.error_value().to_string();
  EXPECT_EQ((*log)->log_end_offset(), offset(14));
  EXPECT_GT((*log)->recovery().bytes_cut, 0u) << "zeros in the middle were taken for the end";
  EXPECT_NE((*log)->recovery().cut_reason.find("followed by data"), std::string::npos)
      << (*log)->recovery().cut_reason;
}

TEST_F(recovery_test, a_bit_flip_in_a_sealed_segment_is_an_error_on_read_never_data) {
  config.segment_bytes = 2048;
  {
    auto log = open_log();
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 40; ++i)
      append_durably(**log, make_batch({.record_count = 2, .value_size = 60}));
    ASSERT_GT((*log)->segment_count(), 3u);
    ASSERT_TRUE((*log)->close().ok());
  }
  flip_byte(segment_path(offset(0)), 300);
  auto log = open_log();
  ASSERT_TRUE(log.ok());
  auto read = (*log)->read_verified({.start = offset(0)});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error_value(), errc::corrupt_data);
  // Other segments still serve their data.
  auto later = (*log)->read_verified({.start = offset(70)});
  EXPECT_TRUE(later.ok());
}

TEST_F(recovery_test, missing_or_damaged_indexes_are_rebuilt) {
  config.segment_bytes = 2048;
  config.index_interval_bytes = 128;
  {
    auto log = open_log();
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 40; ++i)
      append_durably(**log, make_batch({.record_count = 2, .value_size = 60}));
    ASSERT_TRUE((*log)->close().ok());
  }
  std::filesystem::remove(segment_path(offset(0), index_suffix));
  append_bytes(segment_path(offset(0), time_index_suffix), byte_buffer{1, 2, 3});
  auto log = open_log();
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(read_all_records(**log).size(), 80u);
  auto middle = read_all_records(**log, offset(5));
  EXPECT_EQ(middle.front().record_offset, offset(5));
  EXPECT_TRUE(std::filesystem::exists(segment_path(offset(0), index_suffix)));
}

TEST_F(recovery_test, recovery_after_a_crash_keeps_every_synced_batch) {
  write_and_crash(25, 4);
  auto log = open_crashed();
  ASSERT_TRUE(log.ok());
  EXPECT_FALSE((*log)->recovery().clean_shutdown);
  EXPECT_EQ((*log)->recovery().bytes_cut, 0u);
  EXPECT_EQ((*log)->log_end_offset(), offset(100));
  (*log)->advance_committed(offset(100));
  EXPECT_EQ(read_all_records(**log).size(), 100u);
}

}  // namespace
}  // namespace eventioz::storage
