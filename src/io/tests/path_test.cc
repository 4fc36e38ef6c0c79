#include <gtest/gtest.h>

#include "io/file_system.h"

namespace eventioz::io {
namespace {

TEST(join_path, adds_one_separator) {
  EXPECT_EQ(join_path("a/b", "c"), "a/b/c");
  EXPECT_EQ(join_path("a/b/", "c"), "a/b/c");
  EXPECT_EQ(join_path("/", "c"), "/c");
  EXPECT_EQ(join_path("", "c"), "c");
}

TEST(parent_directory, drops_the_last_component) {
  EXPECT_EQ(parent_directory("a/b/c"), "a/b");
  EXPECT_EQ(parent_directory("c"), ".");
  EXPECT_EQ(parent_directory("/c"), "/");
  EXPECT_EQ(parent_directory("/"), "/");
  EXPECT_EQ(parent_directory("a/b/"), "a");
  EXPECT_EQ(parent_directory("a//b"), "a");
  EXPECT_EQ(parent_directory(""), ".");
  EXPECT_EQ(parent_directory(join_path("data/t-0", "00000000000000000000.log")), "data/t-0");
}

}  // namespace
}  // namespace eventioz::io
