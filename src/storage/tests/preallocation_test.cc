// Preallocation: zeros ahead of the appends must never be mistaken for damage, never overwrite
// data, and never outlive a segment that is sealed or closed.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "io/file_system.h"
#include "log_test_support.h"
#include "storage/partition_log.h"
#include "storage/segment_file_names.h"

namespace eventioz::storage {
namespace {

using testing::append_durably;
using testing::make_batch;
using testing::read_all_records;

class preallocation_test : public ::testing::Test {
 protected:
  std::shared_ptr<partition_log> open_log(const std::string& name) {
    auto log = partition_log::open({io::posix_file_system(), flusher}, path(name), config);
    EXPECT_TRUE(log.ok()) << log.error_value().to_string();
    return log.ok() ? *log : nullptr;
  }
  std::string path(const std::string& name) const { return io::join_path(temp.path(), name); }
  uint64_t file_size(const std::string& name, offset base) const {
    return std::filesystem::file_size(
        io::join_path(path(name), segment_file_name(base, log_suffix)));
  }
  // Prefilling runs on a flush thread: wait (bounded) until the file has grown past `size`.
  bool wait_for_file_larger_than(const std::string& name, uint64_t size) const {
    for (int i = 0; i < 500; ++i) {
      if (file_size(name, offset(0)) > size) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  testing::temporary_directory temp;
  flush_scheduler flusher{2};
  log_config config = [] {
    log_config c;
    c.segment_bytes = 1 << 20;
    c.preallocate = true;
    return c;
  }();
};

TEST_F(preallocation_test, zeros_ahead_of_the_data_are_an_end_not_damage_after_a_crash) {
  auto log = open_log("live-0");
  for (int i = 0; i < 20; ++i) append_durably(*log, make_batch({.record_count = 4}));
  uint64_t data_size = log->size_bytes();
  ASSERT_TRUE(wait_for_file_larger_than("live-0", data_size)) << "nothing was preallocated";
  for (int i = 0; i < 20; ++i) append_durably(*log, make_batch({.record_count = 4}));
  ASSERT_TRUE(log->sync().ok());
  // The files as a crash would leave them: data, then zeros.
  std::filesystem::copy(path("live-0"), path("crashed-0"));
  auto recovered = open_log("crashed-0");
  ASSERT_TRUE(recovered);
  EXPECT_FALSE(recovered->recovery().clean_shutdown);
  EXPECT_EQ(recovered->recovery().bytes_cut, 0u) << recovered->recovery().cut_reason;
  EXPECT_EQ(recovered->log_end_offset(), offset(160));
  recovered->advance_committed(offset(160));
  EXPECT_EQ(read_all_records(*recovered).size(), 160u);
  // Appends continue after the last batch, not after the zeros.
  auto next = recovered->append(testing::temporary_buffer(make_batch()));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->base_offset, offset(160));
}

TEST_F(preallocation_test, closing_and_sealing_leave_files_exactly_as_long_as_their_batches) {
  config.segment_bytes = 64 * 1024;
  {
    auto log = open_log("t-0");
    for (int i = 0; i < 400; ++i) {
      append_durably(*log, make_batch({.record_count = 2, .value_size = 200}));
    }
    ASSERT_GT(log->segment_count(), 2u);
    ASSERT_TRUE(log->close().ok());
  }
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(path("t-0"))) {
    if (entry.path().extension() == ".log") total += entry.file_size();
  }
  auto log = open_log("t-0");
  EXPECT_TRUE(log->recovery().clean_shutdown);
  EXPECT_EQ(total, log->size_bytes());
  EXPECT_EQ(read_all_records(*log).size(), 800u);
}

}  // namespace
}  // namespace eventioz::storage
