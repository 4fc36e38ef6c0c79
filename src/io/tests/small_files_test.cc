// replace_file_durably: a crash at any point leaves the old contents or the new, never a mix.
#include <gtest/gtest.h>

#include "io/fault_injecting_file_system.h"
#include "io/file_system.h"

namespace eventioz::io {
namespace {

TEST(replace_file_durably, a_crash_at_any_operation_keeps_old_or_new_contents) {
  const std::string path = "meta/settings";
  const std::string old_text = "version=1\n";
  const std::string new_text = "version=2 with a longer line\n";
  // Count the operations of one replacement, then crash after each prefix of them.
  uint64_t operations = 0;
  {
    fault_injecting_file_system fs;
    ASSERT_TRUE(fs.create_directories("meta").ok());
    ASSERT_TRUE(replace_file_durably(fs, path, old_text).ok());
    uint64_t before = fs.counters().operations;
    ASSERT_TRUE(replace_file_durably(fs, path, new_text).ok());
    operations = fs.counters().operations - before;
  }
  ASSERT_GT(operations, 3u);
  for (uint64_t allowed = 0; allowed <= operations; ++allowed) {
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      fault_injecting_file_system fs;
      ASSERT_TRUE(fs.create_directories("meta").ok());
      ASSERT_TRUE(replace_file_durably(fs, path, old_text).ok());
      fs.make_everything_durable();  // the directory itself is not what is tested
      fs.freeze_after_operations(fs.counters().operations + allowed);
      (void)replace_file_durably(fs, path, new_text);
      fs.crash(seed, {.tear_last_write = true, .garble_torn_tail = true});
      auto contents = read_small_file(fs, path, 1024);
      ASSERT_TRUE(contents.ok()) << "after " << allowed
                                 << " operations: " << contents.error_value();
      EXPECT_TRUE(*contents == old_text || *contents == new_text)
          << "after " << allowed << " operations, seed " << seed << ": '" << *contents << "'";
      if (allowed == operations) {
        EXPECT_EQ(*contents, new_text);
      }
    }
  }
}

TEST(read_small_file, refuses_files_over_the_bound) {
  fault_injecting_file_system fs;
  ASSERT_TRUE(fs.create_directories("meta").ok());
  ASSERT_TRUE(replace_file_durably(fs, "meta/big", std::string(100, 'x')).ok());
  EXPECT_EQ(read_small_file(fs, "meta/big", 99).error_value(), std::errc::file_too_large);
  EXPECT_EQ(read_small_file(fs, "meta/big", 100)->size(), 100u);
}

}  // namespace
}  // namespace eventioz::io
