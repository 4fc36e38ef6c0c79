// The coordinator's state machine against fakes: commits and aborts, retries, fencing,
// timeouts with a manual clock, recovery from the log, and the guard against requests of an
// earlier transaction landing in a later one.
#include "txn/transaction_coordinator.h"

#include <gtest/gtest.h>

#include <thread>

#include "io/fault_injecting_file_system.h"
#include "txn/errc.h"
#include "txn/tests/coordinator_fakes.h"

namespace eventioz::txn {
namespace {

using testing::fake_groups;
using testing::fake_participants;
using testing::memory_log;
using state = transaction_state;

class coordinator_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs.create_directories("data").ok());
    allocator = std::move(*producer_id_allocator::open(fs, "data"));
    coordinator = make_coordinator();
  }

  std::unique_ptr<transaction_coordinator> make_coordinator() {
    return std::make_unique<transaction_coordinator>(*allocator, log, partitions, &groups, time,
                                                     coordinator_options{});
  }

  result<producer_identity> init(const std::string& id, request_origin origin = {},
                                 int64_t producer_id = -1, int16_t epoch = -1,
                                 int32_t timeout_ms = 10'000) {
    std::optional<result<producer_identity>> answer;
    coordinator->init_producer_id({.transactional_id = id,
                                   .transaction_timeout_ms = timeout_ms,
                                   .producer_id = producer_id,
                                   .producer_epoch = epoch,
                                   .origin = origin},
                                  [&](result<producer_identity> got) { answer = got; });
    EXPECT_TRUE(answer.has_value()) << "no synchronous answer";
    return *answer;
  }

  // InitProducerId until it stops answering CONCURRENT_TRANSACTIONS, as clients do.
  producer_identity init_retrying(const std::string& id, request_origin origin = {}) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      auto got = init(id, origin);
      if (got) return *got;
      EXPECT_EQ(got.error_value(), errc::concurrent_transactions);
    }
    ADD_FAILURE() << "InitProducerId kept failing";
    return {};
  }

  result<std::vector<status>> add(const std::string& id, producer_identity producer,
                                  std::vector<storage::topic_partition> added,
                                  request_origin origin = {}) {
    std::optional<result<std::vector<status>>> answer;
    coordinator->add_partitions({id, producer, origin}, std::move(added),
                                [&](result<std::vector<status>> got) { answer = got; });
    EXPECT_TRUE(answer.has_value());
    return *answer;
  }

  status add_ok(const std::string& id, producer_identity producer,
                std::vector<storage::topic_partition> added, request_origin origin = {}) {
    auto got = add(id, producer, std::move(added), origin);
    if (!got) return got.error_value();
    for (auto& each : *got) EVENTIOZ_RETURN_IF_ERROR(each);
    return ok_status();
  }

  status end(const std::string& id, producer_identity producer, bool commit,
             request_origin origin = {}) {
    std::optional<status> answer;
    coordinator->end_transaction({id, producer, origin}, commit, [&](status got) { answer = got; });
    EXPECT_TRUE(answer.has_value());
    return *answer;
  }

  state state_of(const std::string& id) { return coordinator->describe(id)->state; }

  // TxnOffsetCommit whose group append finishes at once.
  status commit_offsets(const std::string& id, producer_identity producer,
                        const std::string& group) {
    std::optional<status> answer;
    coordinator->commit_offsets(
        {id, producer, {}}, group,
        [&](std::function<void()> written) {
          written();
          answer = ok_status();
        },
        [&](error refused) { answer = status(std::move(refused)); });
    EXPECT_TRUE(answer.has_value());
    return *answer;
  }

  status add_offsets(const std::string& id, producer_identity producer, const std::string& group) {
    std::optional<status> added;
    coordinator->add_offsets({id, producer, {}}, group, [&](status got) { added = got; });
    EXPECT_TRUE(added.has_value());
    return *added;
  }

  io::fault_injecting_file_system fs;
  std::unique_ptr<producer_id_allocator> allocator;
  memory_log log;
  fake_participants partitions;
  fake_groups groups;
  manual_clock time{1'000'000};
  std::unique_ptr<transaction_coordinator> coordinator;
};

const storage::topic_partition orders{"orders", 0};
const storage::topic_partition payments{"payments", 1};

TEST_F(coordinator_test, idempotent_producers_get_distinct_ids_with_epoch_zero) {
  std::set<int64_t> ids;
  for (int count = 0; count < 3; ++count) {
    std::optional<result<producer_identity>> answer;
    coordinator->init_producer_id({.transactional_id = std::nullopt},
                                  [&](result<producer_identity> got) { answer = got; });
    ASSERT_TRUE(answer && answer->ok());
    EXPECT_EQ((*answer)->producer_epoch, 0);
    EXPECT_TRUE(ids.insert((*answer)->producer_id).second);
  }
  EXPECT_TRUE(log.records.empty()) << "idempotent producers leave nothing in the log";
}

TEST_F(coordinator_test, a_transactional_id_keeps_its_producer_id_and_each_init_bumps_the_epoch) {
  auto first = init("app");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->producer_epoch, 0);
  auto second = init("app");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->producer_id, first->producer_id);
  EXPECT_EQ(second->producer_epoch, 1);
  EXPECT_EQ(log.states_of("app"), (std::vector<state>{state::empty, state::empty}));
}

TEST_F(coordinator_test, a_timeout_above_the_maximum_is_refused) {
  auto refused = init("app", {}, -1, -1, 900'001);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_value(), errc::invalid_transaction_timeout);
  EXPECT_FALSE(init("app", {}, -1, -1, 0).ok());
}

TEST_F(coordinator_test, commit_writes_the_decision_then_markers_everywhere_then_completes) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders, payments}).ok());
  ASSERT_EQ(partitions.begun.size(), 2u);
  EXPECT_EQ(state_of("app"), state::ongoing);
  partitions.hold_markers = true;
  ASSERT_TRUE(end("app", producer, true).ok());
  // Answered once the decision is durable; the markers follow.
  EXPECT_EQ(state_of("app"), state::prepare_commit);
  ASSERT_EQ(partitions.markers.size(), 2u);
  for (const auto& each : partitions.markers) {
    EXPECT_TRUE(each.commit);
    EXPECT_EQ(each.producer, producer);
  }
  // Meanwhile the next transaction waits (no answer yet), and starts once this one is done.
  std::optional<result<std::vector<status>>> early;
  coordinator->add_partitions({"app", producer, {}}, {orders},
                              [&](result<std::vector<status>> got) { early = got; });
  EXPECT_FALSE(early.has_value());
  partitions.release_markers();
  EXPECT_EQ(log.states_of("app"),
            (std::vector<state>{state::empty, state::ongoing, state::prepare_commit,
                                state::complete_commit, state::ongoing}));
  ASSERT_TRUE(early.has_value() && early->ok());
  EXPECT_TRUE((*early)->at(0).ok());
  EXPECT_EQ(state_of("app"), state::ongoing);
  EXPECT_EQ(partitions.begun.size(), 3u) << "the next transaction begun after the markers";
}

TEST_F(coordinator_test, the_next_transaction_does_not_wait_for_the_completion_record_fsync) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  log.hold_completions = true;
  ASSERT_TRUE(end("app", producer, true).ok());
  ASSERT_EQ(log.held_completions.size(), 1u) << "CompleteCommit appended, not yet durable";
  EXPECT_EQ(state_of("app"), state::complete_commit);
  // The markers are durable: the next transaction starts at once, its record after the
  // completion in the log.
  ASSERT_TRUE(add_ok("app", producer, {payments}).ok());
  EXPECT_EQ(log.states_of("app"),
            (std::vector<state>{state::empty, state::ongoing, state::prepare_commit,
                                state::complete_commit, state::ongoing}));

  // A crash before the fsync covering both: the log ends at PrepareCommit. Recovery writes the
  // commit markers again (a no-op on partitions that have them) and completes the same outcome.
  log.records.resize(log.records.size() - 2);
  log.held_completions.clear();
  log.hold_completions = false;
  partitions.markers.clear();
  coordinator = make_coordinator();
  ASSERT_TRUE(coordinator->recover().ok());
  EXPECT_EQ(state_of("app"), state::complete_commit);
  ASSERT_EQ(partitions.markers.size(), 1u);
  EXPECT_TRUE(partitions.markers[0].commit);
  EXPECT_EQ(partitions.markers[0].partition, orders);
}

TEST_F(coordinator_test, too_many_waiting_requests_get_concurrent_transactions) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  partitions.hold_markers = true;
  ASSERT_TRUE(end("app", producer, true).ok());
  int refused = 0;
  for (int count = 0; count < 20; ++count) {
    coordinator->add_partitions({"app", producer, {}}, {orders},
                                [&](result<std::vector<status>> got) {
                                  if (!got && got.error_value() == errc::concurrent_transactions) {
                                    ++refused;
                                  }
                                });
  }
  EXPECT_EQ(refused, 4);
  partitions.release_markers();
}

TEST_F(coordinator_test, a_retried_end_txn_succeeds_and_the_opposite_outcome_is_refused) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  ASSERT_TRUE(end("app", producer, false).ok());
  EXPECT_EQ(state_of("app"), state::complete_abort);
  EXPECT_TRUE(end("app", producer, false).ok());
  auto opposite = end("app", producer, true);
  ASSERT_FALSE(opposite.ok());
  EXPECT_EQ(opposite.error_value(), errc::invalid_txn_state);
  EXPECT_EQ(partitions.markers.size(), 1u) << "a retry writes no second marker";
}

TEST_F(coordinator_test, end_txn_with_nothing_open_is_an_invalid_state) {
  auto producer = *init("app");
  auto refused = end("app", producer, true);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_value(), errc::invalid_txn_state);
}

TEST_F(coordinator_test, a_new_producer_aborts_the_open_transaction_and_fences_the_old_one) {
  auto zombie = *init("app");
  ASSERT_TRUE(add_ok("app", zombie, {orders}).ok());
  auto successor = init_retrying("app");
  EXPECT_EQ(successor.producer_id, zombie.producer_id);
  EXPECT_GT(successor.producer_epoch, zombie.producer_epoch);
  // The zombie's transaction was aborted, with a marker carrying the higher epoch.
  ASSERT_EQ(partitions.markers.size(), 1u);
  EXPECT_FALSE(partitions.markers[0].commit);
  EXPECT_GT(partitions.markers[0].producer.producer_epoch, zombie.producer_epoch);
  // Nothing the zombie sends is accepted any more.
  auto added = add("app", zombie, {payments});
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error_value(), errc::producer_fenced);
  auto committed = end("app", zombie, true);
  ASSERT_FALSE(committed.ok());
  EXPECT_EQ(committed.error_value(), errc::producer_fenced);
  // And it cannot take the id back by naming its old epoch (KIP-360 is for the current one).
  auto retaken = init("app", {}, zombie.producer_id, zombie.producer_epoch);
  ASSERT_FALSE(retaken.ok());
  EXPECT_EQ(retaken.error_value(), errc::producer_fenced);
}

TEST_F(coordinator_test, a_producer_bumping_its_own_epoch_aborts_its_transaction_and_goes_on) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  // KIP-360 (librdkafka after an abortable error): InitProducerId with its own id and epoch.
  auto first = init("app", {}, producer.producer_id, producer.producer_epoch);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error_value(), errc::concurrent_transactions);
  auto retried = init("app", {}, producer.producer_id, producer.producer_epoch);
  ASSERT_TRUE(retried.ok()) << retried.error_value();
  EXPECT_EQ(retried->producer_id, producer.producer_id);
  EXPECT_GT(retried->producer_epoch, producer.producer_epoch);
  EXPECT_EQ(state_of("app"), state::empty);
  ASSERT_EQ(partitions.markers.size(), 1u);
  EXPECT_FALSE(partitions.markers[0].commit);
}

TEST_F(coordinator_test, a_timed_out_transaction_is_aborted_and_its_producer_fenced) {
  auto producer = *init("app", {}, -1, -1, 5'000);
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  time.advance_ms(4'999);
  coordinator->expire();
  EXPECT_EQ(state_of("app"), state::ongoing);
  time.advance_ms(1);
  coordinator->expire();
  EXPECT_EQ(state_of("app"), state::complete_abort);
  ASSERT_EQ(partitions.markers.size(), 1u);
  EXPECT_FALSE(partitions.markers[0].commit);
  auto late = end("app", producer, true);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error_value(), errc::producer_fenced);
  // KIP-360: the producer that timed out may reinitialise with its old epoch.
  auto resumed = init("app", {}, producer.producer_id, producer.producer_epoch);
  ASSERT_TRUE(resumed.ok()) << resumed.error_value();
  EXPECT_EQ(resumed->producer_id, producer.producer_id);
  EXPECT_GT(resumed->producer_epoch, producer.producer_epoch + 1);
}

TEST_F(coordinator_test, markers_that_failed_are_written_again_by_expire) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  partitions.fail_markers = true;
  ASSERT_TRUE(end("app", producer, true).ok());
  EXPECT_EQ(state_of("app"), state::prepare_commit);
  partitions.fail_markers = false;
  coordinator->expire();
  EXPECT_EQ(state_of("app"), state::complete_commit);
  EXPECT_EQ(partitions.markers.size(), 2u);
}

TEST_F(coordinator_test, a_failed_state_write_changes_nothing_and_the_client_may_retry) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  log.fail_appends = true;
  auto failed = end("app", producer, true);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error_value(), errc::coordinator_not_available);
  EXPECT_EQ(state_of("app"), state::ongoing);
  EXPECT_TRUE(partitions.markers.empty());
  log.fail_appends = false;
  EXPECT_TRUE(end("app", producer, true).ok());
  EXPECT_EQ(state_of("app"), state::complete_commit);
}

TEST_F(coordinator_test, recovery_completes_decided_transactions_and_keeps_open_ones) {
  auto decided = *init("decided");
  ASSERT_TRUE(add_ok("decided", decided, {orders, payments}).ok());
  auto open = *init("open");
  ASSERT_TRUE(add_ok("open", open, {orders}).ok());
  partitions.hold_markers = true;  // the "crash" comes before any marker is written
  ASSERT_TRUE(end("decided", decided, true).ok());
  partitions.held.clear();
  partitions.markers.clear();
  partitions.hold_markers = false;

  coordinator = make_coordinator();  // a restart over the same log
  ASSERT_TRUE(coordinator->recover().ok());
  EXPECT_EQ(state_of("decided"), state::complete_commit);
  ASSERT_EQ(partitions.markers.size(), 2u);
  EXPECT_TRUE(partitions.markers[0].commit && partitions.markers[1].commit);
  EXPECT_EQ(state_of("open"), state::ongoing);
  EXPECT_EQ(coordinator->describe("open")->partitions.size(), 1u);
  // The open one still belongs to its producer, and its timeout still runs.
  time.advance_ms(10'000);
  coordinator->expire();
  EXPECT_EQ(state_of("open"), state::complete_abort);
  // Producer ids handed out before the restart are not handed out again.
  auto fresh = *init("fresh");
  EXPECT_NE(fresh.producer_id, decided.producer_id);
  EXPECT_NE(fresh.producer_id, open.producer_id);
}

TEST_F(coordinator_test, a_missing_partition_fails_alone_and_nothing_is_added) {
  auto producer = *init("app");
  auto added = add("app", producer, {orders, {"missing", 0}});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ((*added)[0].error_value(), errc::operation_not_attempted);
  EXPECT_EQ((*added)[1].error_value(), cluster::errc::topic_not_found);
  EXPECT_EQ(state_of("app"), state::empty);
  EXPECT_TRUE(partitions.begun.empty());
}

TEST_F(coordinator_test, offsets_join_the_transaction_and_groups_complete_after_the_markers) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  EXPECT_FALSE(commit_offsets("app", producer, "readers").ok())
      << "TxnOffsetCommit needs AddOffsetsToTxn first";
  ASSERT_TRUE(add_offsets("app", producer, "readers").ok());
  EXPECT_TRUE(commit_offsets("app", producer, "readers").ok());
  ASSERT_TRUE(end("app", producer, true).ok());
  ASSERT_EQ(groups.completed.size(), 1u);
  EXPECT_EQ(groups.completed[0].group, "readers");
  EXPECT_TRUE(groups.completed[0].commit);
  // The group's offsets partition got its marker too.
  bool offsets_marked = false;
  for (const auto& each : partitions.markers) {
    offsets_marked = offsets_marked || each.partition.topic == "__consumer_offsets";
  }
  EXPECT_TRUE(offsets_marked);
}

TEST_F(coordinator_test, init_producer_id_waits_for_a_completing_transaction) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  partitions.hold_markers = true;
  ASSERT_TRUE(end("app", producer, true).ok());
  std::optional<result<producer_identity>> answer;
  coordinator->init_producer_id({.transactional_id = "app", .transaction_timeout_ms = 10'000},
                                [&](result<producer_identity> got) { answer = got; });
  EXPECT_FALSE(answer.has_value()) << "answered before the commit completed";
  partitions.release_markers();
  ASSERT_TRUE(answer.has_value() && answer->ok());
  EXPECT_EQ((*answer)->producer_epoch, producer.producer_epoch + 1);
  // The commit was completed, not turned into an abort by the new producer.
  EXPECT_EQ(log.states_of("app"),
            (std::vector<state>{state::empty, state::ongoing, state::prepare_commit,
                                state::complete_commit, state::empty}));
}

TEST_F(coordinator_test, when_the_epochs_run_out_a_new_producer_id_follows) {
  auto first = *init("app");
  producer_identity last = first;
  for (int count = 0; count < 32'766; ++count) last = *init("app");
  EXPECT_EQ(last.producer_id, first.producer_id);
  EXPECT_EQ(last.producer_epoch, 32'766);
  auto renewed = *init("app");
  EXPECT_NE(renewed.producer_id, first.producer_id);
  EXPECT_EQ(renewed.producer_epoch, 0);
}

// --- The guard: requests of an earlier transaction never land in a later one. ---

TEST_F(coordinator_test, a_late_end_txn_commit_does_not_commit_the_next_transaction) {
  auto producer = *init("app", {.arrival = 1, .connection_id = 1});
  ASSERT_TRUE(add_ok("app", producer, {orders}, {.arrival = 2, .connection_id = 1}).ok());
  // EndTxn(commit) #1 reached the broker (arrival 3) but is processed late; the client's
  // retry (arrival 4) committed transaction 1, and transaction 2 opened (arrival 5).
  ASSERT_TRUE(end("app", producer, true, {.arrival = 4, .connection_id = 1}).ok());
  ASSERT_TRUE(add_ok("app", producer, {payments}, {.arrival = 5, .connection_id = 1}).ok());
  size_t markers_before = partitions.markers.size();
  auto late = end("app", producer, true, {.arrival = 3, .connection_id = 1});
  EXPECT_TRUE(late.ok()) << "answered from transaction 1's outcome";
  EXPECT_EQ(state_of("app"), state::ongoing) << "transaction 2 untouched";
  EXPECT_EQ(partitions.markers.size(), markers_before);
  // A late abort of transaction 1 gets transaction 1's outcome too, and aborts nothing.
  auto late_abort = end("app", producer, false, {.arrival = 3, .connection_id = 1});
  ASSERT_FALSE(late_abort.ok());
  EXPECT_EQ(late_abort.error_value(), errc::invalid_txn_state);
  EXPECT_EQ(state_of("app"), state::ongoing);
  // The real EndTxn of transaction 2 still works.
  EXPECT_TRUE(end("app", producer, false, {.arrival = 6, .connection_id = 1}).ok());
  EXPECT_EQ(state_of("app"), state::complete_abort);
}

TEST_F(coordinator_test, a_late_add_partitions_does_not_open_a_transaction_after_the_end) {
  auto producer = *init("app", {.arrival = 1, .connection_id = 1});
  ASSERT_TRUE(add_ok("app", producer, {orders}, {.arrival = 2, .connection_id = 1}).ok());
  ASSERT_TRUE(end("app", producer, true, {.arrival = 4, .connection_id = 1}).ok());
  auto late = add("app", producer, {payments}, {.arrival = 3, .connection_id = 1});
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error_value(), errc::invalid_txn_state);
  EXPECT_EQ(state_of("app"), state::complete_commit);
}

TEST_F(coordinator_test, a_request_on_a_superseded_connection_is_not_processed) {
  auto producer = *init("app", {.arrival = 1, .connection_id = 7});
  ASSERT_TRUE(add_ok("app", producer, {orders}, {.arrival = 2, .connection_id = 7}).ok());
  ASSERT_TRUE(end("app", producer, true, {.arrival = 3, .connection_id = 7}).ok());
  // The client reconnected (connection 9) and opened transaction 2.
  ASSERT_TRUE(add_ok("app", producer, {payments}, {.arrival = 10, .connection_id = 9}).ok());
  // An EndTxn of transaction 1 that sat in the network on connection 7 arrives now, after
  // transaction 2 opened: arrival order alone cannot place it, the connection can.
  auto late = end("app", producer, true, {.arrival = 11, .connection_id = 7});
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error_value(), errc::superseded_connection);
  EXPECT_EQ(state_of("app"), state::ongoing);
  // A zombie's request (old epoch) is fenced whatever its connection.
  auto zombie = end("app", {producer.producer_id, -5}, true, {.arrival = 12, .connection_id = 7});
  EXPECT_EQ(zombie.error_value(), errc::producer_fenced);
}

}  // namespace
}  // namespace eventioz::txn

namespace eventioz::txn {
namespace {

TEST_F(coordinator_test, complete_is_recorded_only_once_the_groups_outcome_is_durable) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  ASSERT_TRUE(add_offsets("app", producer, "readers").ok());
  ASSERT_TRUE(commit_offsets("app", producer, "readers").ok());
  groups.hold_completions = true;
  ASSERT_TRUE(end("app", producer, true).ok());
  ASSERT_EQ(groups.completed.size(), 1u);
  EXPECT_EQ(state_of("app"), state::prepare_commit)
      << "CompleteCommit waits for the group's transaction_end record";
  EXPECT_EQ(log.states_of("app").back(), state::prepare_commit);
  groups.release_completions();
  EXPECT_EQ(state_of("app"), state::complete_commit);
}

TEST_F(coordinator_test, a_failed_group_completion_is_redone_by_expire_and_after_a_restart) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  ASSERT_TRUE(add_offsets("app", producer, "readers").ok());
  groups.fail_completions = true;
  ASSERT_TRUE(end("app", producer, false).ok());
  EXPECT_EQ(state_of("app"), state::prepare_abort);
  coordinator->expire();
  EXPECT_EQ(state_of("app"), state::prepare_abort);
  EXPECT_EQ(groups.completed.size(), 2u) << "expire() settled the group again";

  // A restart (the end record never became durable): markers and groups are redone.
  groups.fail_completions = false;
  groups.completed.clear();
  partitions.markers.clear();
  coordinator = make_coordinator();
  ASSERT_TRUE(coordinator->recover().ok());
  EXPECT_EQ(state_of("app"), state::complete_abort);
  ASSERT_EQ(groups.completed.size(), 1u);
  EXPECT_EQ(groups.completed[0].group, "readers");
  EXPECT_FALSE(groups.completed[0].commit);
  EXPECT_EQ(partitions.markers.size(), 2u) << "orders and the group's offsets partition";
}

TEST_F(coordinator_test, an_offset_commit_in_flight_holds_off_the_timeout_and_end_txn) {
  auto producer = *init("app", {}, -1, -1, 5'000);
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  ASSERT_TRUE(add_offsets("app", producer, "readers").ok());
  std::function<void()> written;
  coordinator->commit_offsets(
      {"app", producer, {}}, "readers", [&](std::function<void()> done) { written = done; },
      [&](error refused) { FAIL() << refused.to_string(); });
  ASSERT_TRUE(written) << "the group append started";
  time.advance_ms(10'000);
  coordinator->expire();
  EXPECT_EQ(state_of("app"), state::ongoing) << "no abort while offsets are being written";
  std::optional<status> ended;
  coordinator->end_transaction({"app", producer, {}}, true, [&](status got) { ended = got; });
  EXPECT_FALSE(ended.has_value()) << "EndTxn waits for the offsets";
  EXPECT_TRUE(groups.completed.empty());
  written();
  ASSERT_TRUE(ended.has_value());
  EXPECT_TRUE(ended->ok());
  EXPECT_EQ(state_of("app"), state::complete_commit);
  ASSERT_EQ(groups.completed.size(), 1u);
  EXPECT_TRUE(groups.completed[0].commit);
  // After the outcome, a late TxnOffsetCommit is refused: it cannot leave orphan offsets.
  EXPECT_EQ(commit_offsets("app", producer, "readers").error_value(), errc::invalid_txn_state);
}

TEST_F(coordinator_test, partitions_learn_the_arrival_of_the_request_that_added_them) {
  auto producer = *init("app", {.arrival = 1, .connection_id = 1});
  ASSERT_TRUE(add_ok("app", producer, {orders}, {.arrival = 42, .connection_id = 1}).ok());
  ASSERT_TRUE(
      add_ok("app", producer, {orders, payments}, {.arrival = 43, .connection_id = 1}).ok());
  ASSERT_EQ(partitions.begun.size(), 2u) << "each partition begun once per transaction";
  EXPECT_EQ(partitions.begun[0].arrival, 42u);
  EXPECT_EQ(partitions.begun[1].partition, payments);
  EXPECT_EQ(partitions.begun[1].arrival, 43u);
}

TEST_F(coordinator_test, shutdown_waits_for_completions_and_refuses_new_work) {
  auto producer = *init("app");
  ASSERT_TRUE(add_ok("app", producer, {orders}).ok());
  partitions.hold_markers = true;
  ASSERT_TRUE(end("app", producer, true).ok());
  // The completion is still writing its marker: shutdown waits (bounded) and reports it.
  EXPECT_EQ(coordinator->shutdown(std::chrono::milliseconds(20)), 1u);
  EXPECT_EQ(init("other").error_value(), errc::coordinator_not_available);
  EXPECT_EQ(end("app", producer, true).error_value(), errc::coordinator_not_available);
  // Once the marker lands, the completion finishes (Complete* recorded) and shutdown returns.
  std::thread marker_lands([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    partitions.release_markers();
  });
  EXPECT_EQ(coordinator->shutdown(std::chrono::seconds(10)), 0u);
  marker_lands.join();
  EXPECT_EQ(log.states_of("app").back(), state::complete_commit);
  time.advance_ms(1'000'000);
  coordinator->expire();  // nothing is started after shutdown
  EXPECT_EQ(log.states_of("app").back(), state::complete_commit);
}

}  // namespace
}  // namespace eventioz::txn
