// The durability model of the fault-injecting file system: what a crash keeps and drops.
#include "io/fault_injecting_file_system.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "io/tests/io_test_support.h"

namespace eventioz::io {
namespace {

using testing::read_file;
using testing::write_file;

class fault_fs_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs.create_directories("data/t-0").ok());
    fs.make_everything_durable();  // These tests are about files, not the set-up directories.
  }

  file_ptr open(const std::string& path, open_mode mode = open_mode::create_or_open) {
    auto opened = fs.open(path, mode);
    EXPECT_TRUE(opened.ok()) << opened.error_value().to_string();
    return opened.ok() ? *opened : nullptr;
  }

  bool exists(const std::string& path) { return *fs.exists(path); }

  fault_injecting_file_system fs;
};

TEST_F(fault_fs_test, reads_see_unsynced_writes_before_a_crash) {
  file_ptr f = open("data/t-0/a.log");
  ASSERT_TRUE(f->write_at(0, as_bytes("hello")).ok());
  EXPECT_EQ(read_file(fs, "data/t-0/a.log"), "hello");
  EXPECT_EQ(*fs.file_size("/data/t-0/a.log"), 5u);  // "/data" and "data" are the same.
  EXPECT_EQ(f->native_handle(), -1);
}

TEST_F(fault_fs_test, unsynced_data_is_dropped_and_synced_data_kept) {
  file_ptr f = open("data/t-0/a.log");
  ASSERT_TRUE(fs.sync_directory("data/t-0").ok());
  ASSERT_TRUE(f->write_at(0, as_bytes("synced;")).ok());
  ASSERT_TRUE(f->sync_data().ok());
  ASSERT_TRUE(f->write_at(7, as_bytes("unsynced")).ok());
  fs.crash(1);
  EXPECT_EQ(read_file(fs, "data/t-0/a.log"), "synced;");
}

TEST_F(fault_fs_test, new_file_without_directory_sync_vanishes) {
  write_file(fs, "data/t-0/a.log", "synced data", /*sync_parent=*/false);
  fs.crash(1);
  EXPECT_FALSE(exists("data/t-0/a.log"));

  write_file(fs, "data/t-0/a.log", "synced data", /*sync_parent=*/true);
  fs.crash(2);
  EXPECT_EQ(read_file(fs, "data/t-0/a.log"), "synced data");
}

TEST_F(fault_fs_test, new_directory_without_parent_sync_vanishes) {
  ASSERT_TRUE(fs.create_directories("data/t-1/deep").ok());
  write_file(fs, "data/t-1/deep/a", "x");  // Syncs "deep", not "data" or "t-1".
  fs.crash(1);
  EXPECT_FALSE(exists("data/t-1"));

  ASSERT_TRUE(fs.create_directories("data/t-1").ok());
  ASSERT_TRUE(fs.sync_directory("data").ok());
  fs.crash(2);
  EXPECT_TRUE(exists("data/t-1"));
}

TEST_F(fault_fs_test, removed_file_comes_back_until_its_directory_is_synced) {
  write_file(fs, "data/t-0/a.log", "durable");
  file_ptr f = open("data/t-0/a.log");
  ASSERT_TRUE(f->write_at(7, as_bytes(" and not")).ok());
  ASSERT_TRUE(fs.remove_file("data/t-0/a.log").ok());
  EXPECT_FALSE(exists("data/t-0/a.log"));
  fs.crash(1);
  EXPECT_EQ(read_file(fs, "data/t-0/a.log"), "durable");

  ASSERT_TRUE(fs.remove_file("data/t-0/a.log").ok());
  ASSERT_TRUE(fs.sync_directory("data/t-0").ok());
  fs.crash(2);
  EXPECT_FALSE(exists("data/t-0/a.log"));
}

TEST_F(fault_fs_test, rename_is_durable_only_after_directory_sync) {
  write_file(fs, "data/t-0/checkpoint", "old");
  write_file(fs, "data/t-0/checkpoint.tmp", "new", /*sync_parent=*/false);
  ASSERT_TRUE(fs.rename("data/t-0/checkpoint.tmp", "data/t-0/checkpoint").ok());
  EXPECT_EQ(read_file(fs, "data/t-0/checkpoint"), "new");
  fs.crash(1);
  EXPECT_EQ(read_file(fs, "data/t-0/checkpoint"), "old");
  EXPECT_FALSE(exists("data/t-0/checkpoint.tmp"));

  write_file(fs, "data/t-0/checkpoint.tmp", "new", /*sync_parent=*/false);
  ASSERT_TRUE(fs.rename("data/t-0/checkpoint.tmp", "data/t-0/checkpoint").ok());
  ASSERT_TRUE(fs.sync_directory("data/t-0").ok());
  fs.crash(2);
  EXPECT_EQ(read_file(fs, "data/t-0/checkpoint"), "new");
  EXPECT_FALSE(exists("data/t-0/checkpoint.tmp"));
}

TEST_F(fault_fs_test, renamed_directory_keeps_its_files) {
  write_file(fs, "data/t-0/a.log", "a");
  ASSERT_TRUE(fs.rename("data/t-0", "data/t-0.deleted").ok());
  ASSERT_TRUE(fs.sync_directory("data").ok());
  ASSERT_TRUE(fs.remove_directory_tree("data/t-0.deleted").ok());  // Not synced: comes back.
  fs.crash(1);
  EXPECT_FALSE(exists("data/t-0"));
  EXPECT_EQ(read_file(fs, "data/t-0.deleted/a.log"), "a");
}

TEST_F(fault_fs_test, old_handles_fail_after_a_crash) {
  write_file(fs, "data/t-0/a.log", "abc");
  file_ptr before = open("data/t-0/a.log");
  fs.crash(1);
  auto written = before->write_at(0, as_bytes("x"));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error_value(), std::make_error_code(std::errc::io_error));
  EXPECT_NE(written.error_value().message().find("file handle from before the crash"),
            std::string::npos);
  EXPECT_FALSE(before->sync_data().ok());
  EXPECT_FALSE(before->size().ok());
  uint8_t byte;
  EXPECT_FALSE(before->read_at(0, mutable_byte_span(&byte, 1)).ok());
  file_ptr after = open("data/t-0/a.log");
  EXPECT_EQ(*after->size(), 3u);
}

TEST_F(fault_fs_test, keep_unsynced_entries_lets_a_new_file_survive) {
  file_ptr f = open("data/t-0/a.log");
  ASSERT_TRUE(f->write_at(0, as_bytes("unsynced")).ok());
  fs.crash(1, {.keep_unsynced_entries_probability = 1.0});
  EXPECT_EQ(read_file(fs, "data/t-0/a.log"), "");  // The name survived; the bytes did not.
}

TEST_F(fault_fs_test, prefill_writes_unsynced_zeros) {
  file_ptr f = open("data/t-0/a.log");
  ASSERT_TRUE(fs.sync_directory("data/t-0").ok());
  ASSERT_TRUE(f->prefill_zeros(0, 1000).ok());
  EXPECT_EQ(*f->size(), 1000u);
  EXPECT_EQ(fs.counters().bytes_written, 1000u);
  ASSERT_TRUE(f->sync_data().ok());
  ASSERT_TRUE(f->write_at(0, as_bytes("batch")).ok());
  fs.crash(1);
  EXPECT_EQ(read_file(fs, "data/t-0/a.log"), std::string(1000, '\0'));
}

TEST_F(fault_fs_test, errors_use_linux_codes) {
  auto expect_code = [](const auto& outcome, std::errc code) {
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error_value(), std::make_error_code(code))
        << outcome.error_value().to_string();
  };
  expect_code(fs.open("data/t-0/missing", open_mode::read_only),
              std::errc::no_such_file_or_directory);
  expect_code(fs.open("nowhere/a", open_mode::create_or_open),
              std::errc::no_such_file_or_directory);
  expect_code(fs.open("data/t-0", open_mode::read_write), std::errc::is_a_directory);
  write_file(fs, "data/t-0/a", "x");
  expect_code(fs.open("data/t-0/a", open_mode::create_new), std::errc::file_exists);
  expect_code(fs.open("data/t-0/a/b", open_mode::create_or_open), std::errc::not_a_directory);
  expect_code(fs.remove_file("data/t-0/missing"), std::errc::no_such_file_or_directory);
  expect_code(fs.remove_file("data/t-0"), std::errc::is_a_directory);
  expect_code(fs.rename("data/t-0/missing", "data/t-0/b"), std::errc::no_such_file_or_directory);
  expect_code(fs.rename("data", "data/t-0/inside"), std::errc::invalid_argument);
  expect_code(fs.list_directory("data/t-0/a"), std::errc::not_a_directory);
  expect_code(fs.file_size("data/t-0"), std::errc::is_a_directory);
  expect_code(fs.open("data/../x", open_mode::create_or_open), std::errc::invalid_argument);
  auto reader = fs.open("data/t-0/a", open_mode::read_only);
  expect_code((*reader)->write_at(0, as_bytes("y")), std::errc::bad_file_descriptor);
  EXPECT_TRUE(fs.remove_directory_tree("data/never").ok());

  auto names = fs.list_directory("data/t-0");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace eventioz::io
