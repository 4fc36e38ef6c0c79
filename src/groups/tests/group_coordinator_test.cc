#include "groups/group_coordinator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>

#include "groups/errc.h"
#include "model/record_batch.h"

namespace eventioz::groups {
namespace {

// A real topic_manager in a temporary directory, so offsets go through __consumer_offsets.
class group_coordinator_test : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/eventioz-groups-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root = pattern;
    open();
    ASSERT_TRUE(topics->create_topic({.name = "orders", .partition_count = 3}).ok());
    ASSERT_TRUE(topics->create_topic({.name = "t", .partition_count = 4}).ok());
  }
  void TearDown() override {
    close();
    std::filesystem::remove_all(root);
  }

  void open() {
    auto manager =
        cluster::topic_manager::open(io::posix_file_system(), {.data_directory = root + "/data"});
    ASSERT_TRUE(manager.ok()) << manager.error_value();
    topics = std::move(*manager);
    auto opened = group_coordinator::open(*topics, {.offsets_topic_partitions = 3, .time = &time});
    ASSERT_TRUE(opened.ok()) << opened.error_value();
    coordinator = std::move(*opened);
  }
  void close() {
    if (coordinator) coordinator->shutdown();
    if (topics) {
      ASSERT_TRUE(topics->close().ok());
    }
    coordinator.reset();
    topics.reset();
  }

  std::vector<std::error_code> commit(commit_request request) {
    std::promise<std::vector<std::error_code>> answer;
    coordinator->commit_offsets(std::move(request),
                                [&](std::vector<std::error_code> r) { answer.set_value(r); });
    return answer.get_future().get();
  }

  int64_t fetched(const std::string& group, const std::string& topic, int32_t partition,
                  bool require_stable = false, std::error_code* error = nullptr) {
    auto offsets = coordinator->fetch_offsets(
        group, std::vector<topic_partition_key>{{topic, partition}}, require_stable);
    if (error) *error = offsets.at(0).error;
    return offsets.at(0).value.committed_offset;
  }

  // complete_transaction, waiting for its end record to be durable.
  status complete(const std::string& group, int64_t producer_id, bool commit) {
    std::promise<status> answer;
    coordinator->complete_transaction(group, producer_id, commit,
                                      [&](status r) { answer.set_value(std::move(r)); });
    return answer.get_future().get();
  }

  join_result join_and_wait(join_request request) {
    std::promise<join_result> answer;
    coordinator->join(std::move(request), [&](join_result r) { answer.set_value(r); });
    return answer.get_future().get();
  }

  std::string root;
  manual_clock time{1'700'000'000'000};
  std::unique_ptr<cluster::topic_manager> topics;
  std::unique_ptr<group_coordinator> coordinator;
};

TEST_F(group_coordinator_test, offsets_and_generations_survive_a_restart) {
  auto outcome = commit(
      {.group_id = "simple",
       .offsets = {{.topic = "orders", .partition = 0, .committed_offset = 10, .metadata = "note"},
                   {.topic = "orders", .partition = 1, .committed_offset = 20}}});
  ASSERT_EQ(outcome.size(), 2u);
  EXPECT_FALSE(outcome[0]);
  EXPECT_FALSE(outcome[1]);
  commit({.group_id = "simple",
          .offsets = {{.topic = "orders", .partition = 0, .committed_offset = 11}}});
  auto joined = join_and_wait({.group_id = "managed",
                               .client_id = "c",
                               .session_timeout_ms = 10'000,
                               .protocol_type = "consumer",
                               .protocols = {{"range", {}}}});
  ASSERT_FALSE(joined.error);
  std::promise<sync_result> synced;
  coordinator->sync({.group_id = "managed",
                     .generation_id = 1,
                     .member_id = joined.member_id,
                     .assignments = {{joined.member_id, byte_buffer{1}}}},
                    [&](sync_result r) { synced.set_value(r); });
  ASSERT_FALSE(synced.get_future().get().error);
  EXPECT_FALSE(commit({.group_id = "managed",
                       .generation_id = 1,
                       .member_id = joined.member_id,
                       .offsets = {{.topic = "t", .partition = 2, .committed_offset = 5}}})
                   .at(0));

  close();
  open();
  EXPECT_EQ(fetched("simple", "orders", 0), 11);
  EXPECT_EQ(fetched("simple", "orders", 1), 20);
  EXPECT_EQ(fetched("simple", "orders", 2), -1);
  EXPECT_EQ(fetched("managed", "t", 2), 5);
  auto all = coordinator->fetch_offsets("simple", std::nullopt, false);
  EXPECT_EQ(all.size(), 2u);
  auto described = coordinator->describe_groups({"managed"});
  EXPECT_EQ(described.at(0).state, group_state::empty) << "members rejoin after a restart";
  EXPECT_EQ(described.at(0).protocol_type, "consumer");
  // The next generation continues from the stored one.
  auto rejoined = join_and_wait({.group_id = "managed",
                                 .client_id = "c",
                                 .session_timeout_ms = 10'000,
                                 .protocol_type = "consumer",
                                 .protocols = {{"range", {}}}});
  EXPECT_EQ(rejoined.generation_id, 2);
}

TEST_F(group_coordinator_test, metadata_too_large_unknown_partitions_and_member_checks) {
  auto outcome = commit({.group_id = "g",
                         .offsets = {{.topic = "t",
                                      .partition = 0,
                                      .committed_offset = 1,
                                      .metadata = std::string(5000, 'x')},
                                     {.topic = "t", .partition = 1, .committed_offset = 1}}});
  EXPECT_EQ(outcome[0], std::error_code(errc::offset_metadata_too_large));
  EXPECT_FALSE(outcome[1]);
  auto unknown = commit({.group_id = "g",
                         .offsets = {{.topic = "missing", .partition = 0, .committed_offset = 1},
                                     {.topic = "t", .partition = 4, .committed_offset = 1},
                                     {.topic = "t", .partition = 3, .committed_offset = 1}}});
  EXPECT_EQ(unknown[0], std::error_code(errc::unknown_topic_or_partition));
  EXPECT_EQ(unknown[1], std::error_code(errc::unknown_topic_or_partition));
  EXPECT_FALSE(unknown[2]);
  EXPECT_EQ(commit({.group_id = "nobody",
                    .generation_id = 3,
                    .member_id = "m",
                    .offsets = {{.topic = "t", .partition = 0, .committed_offset = 1}}})
                .at(0),
            std::error_code(errc::unknown_member_id));
}

TEST_F(group_coordinator_test, deleting_groups_needs_them_empty_and_removes_their_offsets) {
  commit({.group_id = "old", .offsets = {{.topic = "t", .partition = 0, .committed_offset = 3}}});
  auto member = join_and_wait({.group_id = "busy",
                               .session_timeout_ms = 10'000,
                               .protocol_type = "consumer",
                               .protocols = {{"range", {}}}});
  std::promise<std::vector<std::error_code>> deleted;
  coordinator->delete_groups({"old", "busy", "never"},
                             [&](std::vector<std::error_code> r) { deleted.set_value(r); });
  auto outcome = deleted.get_future().get();
  EXPECT_FALSE(outcome[0]);
  EXPECT_EQ(outcome[1], std::error_code(errc::non_empty_group));
  EXPECT_EQ(outcome[2], std::error_code(errc::group_id_not_found));
  EXPECT_EQ(fetched("old", "t", 0), -1);
  close();
  open();
  EXPECT_EQ(fetched("old", "t", 0), -1) << "tombstones replayed";
  for (const auto& listed : coordinator->list_groups({})) EXPECT_NE(listed.group_id, "old");
}

TEST_F(group_coordinator_test, transactional_offsets_are_pending_until_the_commit) {
  commit({.group_id = "g", .offsets = {{.topic = "t", .partition = 0, .committed_offset = 1}}});
  std::promise<std::vector<status>> written;
  coordinator->commit_transactional_offsets(
      "g", 7, 0, {{.topic = "t", .partition = 0, .committed_offset = 50}},
      [&](std::vector<status> r) { written.set_value(std::move(r)); });
  ASSERT_TRUE(written.get_future().get().at(0).ok());
  std::error_code error;
  EXPECT_EQ(fetched("g", "t", 0, false, &error), 1);
  EXPECT_FALSE(error);
  fetched("g", "t", 0, true, &error);
  EXPECT_EQ(error, std::error_code(errc::unstable_offset_commit));

  // Pending offsets survive a restart too.
  close();
  open();
  fetched("g", "t", 0, true, &error);
  EXPECT_EQ(error, std::error_code(errc::unstable_offset_commit));

  EXPECT_TRUE(complete("g", 7, true).ok());
  EXPECT_EQ(fetched("g", "t", 0, true, &error), 50);
  EXPECT_FALSE(error);

  std::promise<std::vector<status>> aborted;
  coordinator->commit_transactional_offsets(
      "g", 8, 0, {{.topic = "t", .partition = 0, .committed_offset = 99}},
      [&](std::vector<status> r) { aborted.set_value(std::move(r)); });
  ASSERT_TRUE(aborted.get_future().get().at(0).ok());
  EXPECT_TRUE(complete("g", 8, false).ok());
  fetched("g", "t", 0, true, &error);
  EXPECT_FALSE(error) << "settled once complete_transaction answered";
  EXPECT_TRUE(complete("g", 8, false).ok()) << "idempotent: nothing left pending";
  close();
  open();
  EXPECT_EQ(fetched("g", "t", 0, true, &error), 50) << "the aborted offset never shows";
  EXPECT_FALSE(error);
}

TEST_F(group_coordinator_test, a_newer_epoch_drops_what_an_older_one_left_pending) {
  auto commit_pending = [&](int16_t epoch, int64_t value) {
    std::promise<std::vector<status>> written;
    coordinator->commit_transactional_offsets(
        "g", 7, epoch, {{.topic = "t", .partition = 0, .committed_offset = value}},
        [&](std::vector<status> r) { written.set_value(std::move(r)); });
    return written.get_future().get().at(0);
  };
  // Epoch 0 leaves offsets of partition 0 pending and its end record never lands (a crash);
  // epoch 1 (the transaction after a fencing/timeout abort) commits partition 1 only.
  ASSERT_TRUE(commit_pending(0, 40).ok());
  close();
  open();
  std::promise<std::vector<status>> other;
  coordinator->commit_transactional_offsets(
      "g", 7, 1, {{.topic = "t", .partition = 1, .committed_offset = 5}},
      [&](std::vector<status> r) { other.set_value(std::move(r)); });
  ASSERT_TRUE(other.get_future().get().at(0).ok());
  EXPECT_FALSE(commit_pending(0, 41).ok()) << "an older epoch is refused";
  ASSERT_TRUE(complete("g", 7, true).ok());
  std::error_code error;
  EXPECT_EQ(fetched("g", "t", 0, true, &error), -1) << "epoch 0's offset was never committed";
  EXPECT_FALSE(error);
  EXPECT_EQ(fetched("g", "t", 1, true, &error), 5);
  close();
  open();
  EXPECT_EQ(fetched("g", "t", 0, true, &error), -1) << "nor after a rebuild";
  EXPECT_FALSE(error);
  EXPECT_EQ(fetched("g", "t", 1, true, &error), 5);
}

TEST_F(group_coordinator_test, transactional_commits_from_a_member_are_fenced_by_generation) {
  auto joined = join_and_wait({.group_id = "g",
                               .client_id = "c",
                               .session_timeout_ms = 10'000,
                               .protocol_type = "consumer",
                               .protocols = {{"range", {}}}});
  ASSERT_FALSE(joined.error);
  auto commit_as = [&](committer member) {
    std::promise<std::vector<status>> written;
    coordinator->commit_transactional_offsets(
        "g", 7, 0, {{.topic = "t", .partition = 0, .committed_offset = 3}},
        [&](std::vector<status> r) { written.set_value(std::move(r)); }, member);
    return written.get_future().get().at(0);
  };
  auto illegal =
      commit_as({.generation_id = joined.generation_id + 1, .member_id = joined.member_id});
  ASSERT_FALSE(illegal.ok());
  EXPECT_EQ(illegal.error_value(), errc::illegal_generation);
  auto unknown = commit_as({.generation_id = joined.generation_id, .member_id = "someone"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error_value(), errc::unknown_member_id);
  EXPECT_TRUE(
      commit_as({.generation_id = joined.generation_id, .member_id = joined.member_id}).ok());
  EXPECT_TRUE(commit_as({}).ok()) << "generation -1 (older clients): not checked";
  EXPECT_EQ(coordinator->wait_for_writes(std::chrono::seconds(5)), 0u);
}

TEST_F(group_coordinator_test, shutdown_answers_waiting_joins) {
  // Two members: the second's join waits for the first to rejoin.
  auto first = join_and_wait({.group_id = "g",
                              .session_timeout_ms = 10'000,
                              .protocol_type = "consumer",
                              .protocols = {{"range", {}}}});
  std::promise<join_result> waiting;
  coordinator->join({.group_id = "g",
                     .session_timeout_ms = 10'000,
                     .protocol_type = "consumer",
                     .protocols = {{"range", {}}}},
                    [&](join_result r) { waiting.set_value(r); });
  coordinator->shutdown();
  EXPECT_EQ(waiting.get_future().get().error, std::error_code(errc::coordinator_not_available));
}

TEST_F(group_coordinator_test, compaction_keeps_what_the_rebuild_needs) {
  // Small segments, so that compaction has sealed ones to work on.
  ASSERT_TRUE(topics
                  ->alter_topic_configs(offsets_topic_name, {{"segment.bytes", "16384"}},
                                        /*replace_all=*/false, /*validate_only=*/false)
                  .ok());
  for (int64_t value = 1; value <= 300; ++value) {
    commit({.group_id = "busy",
            .offsets = {
                {.topic = "orders", .partition = int32_t(value % 3), .committed_offset = value}}});
  }
  std::promise<std::vector<status>> written;
  coordinator->commit_transactional_offsets(
      "busy", 9, 0, {{.topic = "t", .partition = 1, .committed_offset = 77}},
      [&](std::vector<status> r) { written.set_value(std::move(r)); });
  ASSERT_TRUE(written.get_future().get().at(0).ok());
  ASSERT_TRUE(complete("busy", 9, true).ok());
  for (int64_t value = 301; value <= 450; ++value) {
    commit({.group_id = "busy",
            .offsets = {{.topic = "orders", .partition = 0, .committed_offset = value}}});
  }
  auto log = topics->get_partition(offsets_topic_name, coordinator->partition_for("busy"));
  ASSERT_TRUE(log.ok());
  uint64_t before = (*log)->log().size_bytes();
  ASSERT_TRUE(topics->run_housekeeping().ok());
  EXPECT_LT((*log)->log().size_bytes(), before) << "compaction removed old commits";
  close();
  open();
  EXPECT_EQ(fetched("busy", "orders", 0), 450);
  EXPECT_EQ(fetched("busy", "orders", 1), 298);
  EXPECT_EQ(fetched("busy", "orders", 2), 299);
  std::error_code error;
  EXPECT_EQ(fetched("busy", "t", 1, true, &error), 77);
  EXPECT_FALSE(error) << "the transaction's outcome survived compaction";
}

TEST_F(group_coordinator_test, a_refused_first_join_leaves_no_group_behind) {
  auto refused = join_and_wait({.group_id = "typo",
                                .session_timeout_ms = 10,
                                .protocol_type = "consumer",
                                .protocols = {{"range", {}}}});
  EXPECT_EQ(refused.error, std::error_code(errc::invalid_session_timeout));
  EXPECT_TRUE(coordinator->list_groups({}).empty());
  EXPECT_EQ(coordinator->describe_groups({"typo"}).at(0).state, group_state::dead);
}

TEST_F(group_coordinator_test, groups_spread_over_the_partitions_stably) {
  EXPECT_EQ(coordinator->partition_count(), 3);
  EXPECT_EQ(coordinator->partition_for("a"), coordinator->partition_for("a"));
  std::set<int32_t> used;
  for (int index = 0; index < 30; ++index) {
    used.insert(coordinator->partition_for("group-" + std::to_string(index)));
  }
  EXPECT_EQ(used.size(), 3u);
}

}  // namespace
}  // namespace eventioz::groups

namespace eventioz::groups {
namespace {

TEST_F(group_coordinator_test, an_undecodable_record_is_skipped_and_the_rest_is_rebuilt) {
  ASSERT_FALSE(commit({.group_id = "simple",
                       .offsets = {{.topic = "orders", .partition = 0, .committed_offset = 7}}})
                   .at(0));
  // A record no coordinator wrote (damage, or a client before they were refused), in every
  // partition so the group's own partition has one before and after its commit.
  for (int32_t index = 0; index < 3; ++index) {
    std::string garbage = "not a group record";
    auto batch = model::build_batch({{.key = byte_buffer(garbage.begin(), garbage.end()),
                                      .value = byte_buffer(garbage.begin(), garbage.end()),
                                      .timestamp = 1'700'000'000'000}},
                                    {});
    ASSERT_TRUE(batch.ok());
    auto target = topics->get_partition(std::string(offsets_topic_name), index);
    ASSERT_TRUE(target.ok());
    std::promise<result<offset>> appended;
    mutable_byte_span span(*batch);
    (*target)->append(std::span<const mutable_byte_span>(&span, 1),
                      [&](result<offset> r) { appended.set_value(r); });
    ASSERT_TRUE(appended.get_future().get().ok());
  }
  ASSERT_FALSE(commit({.group_id = "simple",
                       .offsets = {{.topic = "orders", .partition = 1, .committed_offset = 8}}})
                   .at(0));
  close();
  open();
  ASSERT_TRUE(coordinator);
  EXPECT_EQ(fetched("simple", "orders", 0), 7);
  EXPECT_EQ(fetched("simple", "orders", 1), 8);
}

}  // namespace
}  // namespace eventioz::groups
