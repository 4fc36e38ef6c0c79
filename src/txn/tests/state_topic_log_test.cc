// __transaction_state over a real topic manager: records come back after a restart, in order
// per transactional id, and the topic keeps the partition count it was created with.
#include "txn/state_topic_log.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>

namespace eventioz::txn {
namespace {

class state_topic_log_test : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/eventioz-txn-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(root); }

  std::unique_ptr<cluster::topic_manager> open_topics() {
    auto topics = cluster::topic_manager::open(io::posix_file_system(),
                                               {.data_directory = root, .shard_count = 2});
    EXPECT_TRUE(topics.ok()) << topics.error_value();
    return topics ? std::move(*topics) : nullptr;
  }

  static status append(state_topic_log& log, const transaction_metadata& record) {
    std::promise<status> written;
    log.append(record, [&](status outcome) { written.set_value(outcome); });
    return written.get_future().get();
  }

  std::string root;
};

TEST_F(state_topic_log_test, records_survive_a_restart_in_order_per_transactional_id) {
  std::vector<transaction_metadata> appended;
  {
    auto topics = open_topics();
    auto log = state_topic_log::open(*topics, 3, system_clock());
    ASSERT_TRUE(log.ok()) << log.error_value();
    for (int round = 0; round < 3; ++round) {
      for (int id = 0; id < 5; ++id) {
        transaction_metadata record{.transactional_id = "app-" + std::to_string(id),
                                    .producer_id = id,
                                    .producer_epoch = static_cast<int16_t>(round),
                                    .state = transaction_state::ongoing,
                                    .partitions = {{"orders", round}},
                                    .groups = {"readers"}};
        ASSERT_TRUE(append(**log, record).ok());
        appended.push_back(record);
      }
    }
    ASSERT_TRUE(topics->close().ok());
  }
  auto topics = open_topics();
  // Asked for another count, the existing topic keeps its own (ids must not move).
  auto log = state_topic_log::open(*topics, 8, system_clock());
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(topics->find_topic(state_topic_log::topic_name)->partition_count, 3);
  auto read = (*log)->read_all();
  ASSERT_TRUE(read.ok()) << read.error_value();
  ASSERT_EQ(read->size(), appended.size());
  for (int id = 0; id < 5; ++id) {
    std::string name = "app-" + std::to_string(id);
    std::vector<int16_t> epochs;
    for (const auto& record : *read) {
      if (record.transactional_id == name) epochs.push_back(record.producer_epoch);
    }
    EXPECT_EQ(epochs, (std::vector<int16_t>{0, 1, 2})) << name;
  }
  EXPECT_NE(std::find(read->begin(), read->end(), appended.back()), read->end());
  ASSERT_TRUE(topics->close().ok());
}

}  // namespace
}  // namespace eventioz::txn
