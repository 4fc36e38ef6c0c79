#include "storage/log_manager.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "log_test_support.h"
#include "storage/errc.h"

namespace eventioz::storage {
namespace {

using testing::append_durably;
using testing::make_batch;

class log_manager_test : public ::testing::Test {
 protected:
  std::unique_ptr<log_manager> open_manager() {
    log_manager_options options;
    options.data_directory = io::join_path(temp.path(), "data");
    auto manager = log_manager::open(io::posix_file_system(), options);
    EXPECT_TRUE(manager.ok());
    return std::move(*manager);
  }
  testing::temporary_directory temp;
};

TEST_F(log_manager_test, creates_finds_and_reopens_partitions) {
  {
    auto manager = open_manager();
    for (int partition = 0; partition < 3; ++partition) {
      auto log = manager->create({"orders", partition}, {});
      ASSERT_TRUE(log.ok());
      append_durably(**log, make_batch({.record_count = partition + 1}));
    }
    EXPECT_EQ(manager->create({"orders", 1}, {}).error_value(), errc::partition_exists);
    EXPECT_EQ(manager->get({"orders", 9}).error_value(), errc::partition_not_found);
  }
  auto manager = open_manager();
  EXPECT_EQ(manager->partitions().size(), 3u);
  auto log = manager->get({"orders", 2});
  ASSERT_TRUE(log.ok());
  EXPECT_EQ((*log)->log_end_offset(), offset(3));
  EXPECT_TRUE((*log)->recovery().clean_shutdown);
}

TEST_F(log_manager_test, removes_partitions_with_their_files) {
  auto manager = open_manager();
  ASSERT_TRUE(manager->create({"payments", 0}, {}).ok());
  ASSERT_TRUE(manager->remove({"payments", 0}).ok());
  EXPECT_FALSE(manager->contains({"payments", 0}));
  EXPECT_FALSE(std::filesystem::exists(io::join_path(manager->data_directory(), "payments-0")));
  EXPECT_TRUE(manager->create({"payments", 0}, {}).ok());
}

TEST_F(log_manager_test, removes_leftovers_of_interrupted_deletions_at_start) {
  std::string data = io::join_path(temp.path(), "data");
  std::filesystem::create_directories(data + "/old-0.3.deleted");
  auto manager = open_manager();
  EXPECT_FALSE(std::filesystem::exists(data + "/old-0.3.deleted"));
  EXPECT_TRUE(manager->partitions().empty());
}

TEST_F(log_manager_test, validates_topic_names_like_kafka) {
  EXPECT_TRUE(validate_topic_name("orders.v2_eu-west").ok());
  EXPECT_FALSE(validate_topic_name("").ok());
  EXPECT_FALSE(validate_topic_name("..").ok());
  EXPECT_FALSE(validate_topic_name("a/b").ok());
  EXPECT_FALSE(validate_topic_name(std::string(250, 'x')).ok());
  auto manager = open_manager();
  EXPECT_EQ(manager->create({"bad name", 0}, {}).error_value(), errc::invalid_partition_name);
}

TEST_F(log_manager_test, parses_partition_directory_names) {
  auto parsed = parse_partition_directory_name("my-topic-12");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->topic, "my-topic");
  EXPECT_EQ(parsed->partition, 12);
  EXPECT_FALSE(parse_partition_directory_name("topic"));
  EXPECT_FALSE(parse_partition_directory_name("topic-"));
  EXPECT_FALSE(parse_partition_directory_name("topic-1x"));
  EXPECT_EQ(parse_partition_directory_name("topic--1")->topic, "topic-");  // "topic-", 1
  EXPECT_FALSE(parse_partition_directory_name("-3"));
}

}  // namespace
}  // namespace eventioz::storage
