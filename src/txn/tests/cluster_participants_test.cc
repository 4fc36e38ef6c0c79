// The coordinator's calls on real partitions: a marker for a partition deleted since it joined
// the transaction counts as written, so the transactional id is not blocked forever.
#include "txn/cluster_participants.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>

namespace eventioz::txn {
namespace {

class cluster_participants_test : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/eventioz-txn-participants-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root = pattern;
    auto opened = cluster::topic_manager::open(io::posix_file_system(), {.data_directory = root});
    ASSERT_TRUE(opened.ok()) << opened.error_value();
    topics = std::move(*opened);
  }
  void TearDown() override {
    ASSERT_TRUE(topics->close().ok());
    topics.reset();
    std::filesystem::remove_all(root);
  }

  status write_marker(cluster_participants& participants, const storage::topic_partition& target,
                      producer_identity producer) {
    std::promise<status> written;
    participants.write_marker(target, producer, /*commit=*/true,
                              [&](status outcome) { written.set_value(outcome); });
    return written.get_future().get();
  }

  std::string root;
  std::unique_ptr<cluster::topic_manager> topics;
};

TEST_F(cluster_participants_test, a_marker_for_a_deleted_partition_counts_as_written) {
  ASSERT_TRUE(topics->create_topic({.name = "doomed", .partition_count = 2}).ok());
  ASSERT_TRUE(topics->create_topic({.name = "kept", .partition_count = 1}).ok());
  cluster_participants participants(*topics);
  producer_identity producer{.producer_id = 7, .producer_epoch = 0};
  ASSERT_TRUE(participants.begin_transaction({"doomed", 1}, producer, 0).ok());
  ASSERT_TRUE(participants.begin_transaction({"kept", 0}, producer, 0).ok());
  ASSERT_TRUE(topics->delete_topic("doomed").ok());

  EXPECT_TRUE(write_marker(participants, {"doomed", 1}, producer).ok());
  EXPECT_TRUE(write_marker(participants, {"kept", 0}, producer).ok());
  auto kept = topics->get_partition("kept", 0);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ((*kept)->last_stable_offset(), (*kept)->high_watermark()) << "the marker landed";
  // A partition index the topic never had is gone as well.
  EXPECT_TRUE(write_marker(participants, {"kept", 5}, producer).ok());
}

}  // namespace
}  // namespace eventioz::txn
