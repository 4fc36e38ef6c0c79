#include "io/posix_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "io/file_system.h"
#include "io/tests/io_test_support.h"

namespace eventioz::io {
namespace {

using testing::temporary_directory;

class posix_file_test : public ::testing::Test {
 protected:
  file_ptr create(const std::string& name) {
    auto opened = fs.open(join_path(directory.path(), name), open_mode::create_new);
    EXPECT_TRUE(opened.ok()) << opened.error_value().to_string();
    return *opened;
  }

  file_system& fs = posix_file_system();
  temporary_directory directory;
};

TEST_F(posix_file_test, writes_read_back_at_any_position) {
  file_ptr f = create("a.log");
  ASSERT_TRUE(f->write_at(0, as_bytes("hello world")).ok());
  ASSERT_TRUE(f->write_at(6, as_bytes("there")).ok());
  EXPECT_EQ(*f->size(), 11u);

  std::string text(20, '\0');
  auto read = f->read_at(0, mutable_byte_span(reinterpret_cast<uint8_t*>(text.data()), 20));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, 11u);  // Fewer than asked at the end of the file.
  EXPECT_EQ(text.substr(0, 11), "hello there");
  EXPECT_EQ(*f->read_at(100, mutable_byte_span(reinterpret_cast<uint8_t*>(text.data()), 5)), 0u);
  EXPECT_TRUE(f->sync_data().ok());
}

TEST_F(posix_file_test, truncate_shrinks_and_grows_with_zeros) {
  file_ptr f = create("a.log");
  ASSERT_TRUE(f->write_at(0, as_bytes("abcdef")).ok());
  ASSERT_TRUE(f->truncate(3).ok());
  EXPECT_EQ(testing::read_file(fs, f->path()), "abc");
  ASSERT_TRUE(f->truncate(5).ok());
  EXPECT_EQ(testing::read_file(fs, f->path()), std::string("abc\0\0", 5));
}

TEST_F(posix_file_test, prefill_writes_zeros_that_later_writes_overwrite) {
  file_ptr f = create("a.log");
  ASSERT_TRUE(f->write_at(0, as_bytes("head")).ok());
  // More than one 1 MiB piece, and not a multiple of it.
  const uint64_t length = (3 << 20) + 123;
  ASSERT_TRUE(f->prefill_zeros(4, length).ok());
  EXPECT_EQ(*f->size(), 4 + length);
  ASSERT_TRUE(f->write_at(4, as_bytes("body")).ok());

  std::string text = testing::read_file(fs, f->path());
  EXPECT_EQ(text.substr(0, 8), "headbody");
  EXPECT_TRUE(std::all_of(text.begin() + 8, text.end(), [](char c) { return c == 0; }));
  EXPECT_TRUE(f->prefill_zeros(0, 0).ok());
}

TEST_F(posix_file_test, descriptor_is_real_and_close_on_exec) {
  file_ptr f = create("a.log");
  ASSERT_GE(f->native_handle(), 0);
  EXPECT_NE(::fcntl(f->native_handle(), F_GETFD) & FD_CLOEXEC, 0);
}

TEST_F(posix_file_test, open_modes_follow_their_contract) {
  std::string path = join_path(directory.path(), "a.log");
  auto missing = fs.open(path, open_mode::read_write);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error_value(), std::make_error_code(std::errc::no_such_file_or_directory));
  EXPECT_NE(missing.error_value().message().find("open " + path), std::string::npos);

  ASSERT_TRUE(fs.open(path, open_mode::create_or_open).ok());
  ASSERT_TRUE(fs.open(path, open_mode::create_or_open).ok());
  auto again = fs.open(path, open_mode::create_new);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error_value(), std::make_error_code(std::errc::file_exists));

  auto reader = fs.open(path, open_mode::read_only);
  ASSERT_TRUE(reader.ok());
  auto denied = (*reader)->write_at(0, as_bytes("x"));
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error_value(), std::make_error_code(std::errc::bad_file_descriptor));
  EXPECT_NE(denied.error_value().message().find("pwrite " + path), std::string::npos);
}

TEST_F(posix_file_test, directory_operations) {
  std::string nested = join_path(directory.path(), "x/y");
  ASSERT_TRUE(fs.create_directories(nested).ok());
  ASSERT_TRUE(fs.create_directories(nested).ok());  // Already there is fine.
  testing::write_file(fs, join_path(nested, "a"), "alpha");
  testing::write_file(fs, join_path(nested, "b"), "beta");

  auto names = fs.list_directory(nested);
  ASSERT_TRUE(names.ok());
  std::sort(names->begin(), names->end());
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(*fs.exists(join_path(nested, "a")));
  EXPECT_FALSE(*fs.exists(join_path(nested, "c")));
  EXPECT_EQ(*fs.file_size(join_path(nested, "b")), 4u);

  ASSERT_TRUE(fs.rename(join_path(nested, "b"), join_path(nested, "a")).ok());
  EXPECT_EQ(testing::read_file(fs, join_path(nested, "a")), "beta");
  EXPECT_TRUE(fs.sync_directory(nested).ok());

  ASSERT_TRUE(fs.remove_file(join_path(nested, "a")).ok());
  auto gone = fs.remove_file(join_path(nested, "a"));
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error_value(), std::make_error_code(std::errc::no_such_file_or_directory));

  ASSERT_TRUE(fs.remove_directory_tree(join_path(directory.path(), "x")).ok());
  ASSERT_TRUE(fs.remove_directory_tree(join_path(directory.path(), "x")).ok());
  EXPECT_FALSE(*fs.exists(nested));
}

TEST_F(posix_file_test, failures_name_the_operation_and_path) {
  std::string missing = join_path(directory.path(), "nowhere");
  auto synced = fs.sync_directory(missing);
  ASSERT_FALSE(synced.ok());
  EXPECT_EQ(synced.error_value(), std::make_error_code(std::errc::no_such_file_or_directory));
  EXPECT_NE(synced.error_value().message().find(missing), std::string::npos);

  auto listed = fs.list_directory(missing);
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.error_value(), std::make_error_code(std::errc::no_such_file_or_directory));

  auto size = fs.file_size(missing);
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.error_value().message(), "stat " + missing + ": No such file or directory");
}

}  // namespace
}  // namespace eventioz::io
