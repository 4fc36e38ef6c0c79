#include "groups/group.h"

#include <gtest/gtest.h>

#include <optional>

#include "groups/errc.h"

namespace eventioz::groups {
namespace {

// Drives one group with a clock the test moves, and captures the delayed answers.
class group_test : public ::testing::Test {
 protected:
  struct pending_join {
    std::optional<join_result> result;
  };

  join_request request(std::string member_id = {}, std::vector<std::string> protocols = {"range"},
                       std::optional<std::string> instance = std::nullopt) {
    join_request join{.group_id = "g",
                      .member_id = std::move(member_id),
                      .group_instance_id = std::move(instance),
                      .client_id = "client",
                      .session_timeout_ms = 10'000,
                      .rebalance_timeout_ms = 30'000,
                      .protocol_type = "consumer"};
    for (auto& name : protocols) join.protocols.push_back({name, byte_buffer{1, 2, 3}});
    return join;
  }

  std::shared_ptr<pending_join> join(join_request join) {
    auto pending = std::make_shared<pending_join>();
    deferred_work work;
    subject.join(
        std::move(join), [pending](join_result r) { pending->result = std::move(r); }, now, work);
    run(work);
    return pending;
  }

  std::optional<sync_result> sync(
      const std::string& member, int32_t generation,
      std::vector<std::pair<std::string, byte_buffer>> assignments = {}) {
    auto answer = std::make_shared<std::optional<sync_result>>();
    deferred_work work;
    subject.sync(
        {.group_id = "g",
         .generation_id = generation,
         .member_id = member,
         .assignments = std::move(assignments)},
        [answer](sync_result r) { *answer = std::move(r); }, now, work);
    run(work);
    return *answer;
  }

  void run(deferred_work& work) {
    for (auto& callback : work.callbacks) callback();
    if (work.persist_metadata) ++persisted;
    for (auto& after : work.after_persist) after({});
  }

  void advance(int64_t ms) {
    now += ms;
    deferred_work work;
    subject.expire(now, work);
    run(work);
  }

  // One member joins an empty group and becomes a stable leader.
  std::string stable_single_member() {
    auto first = join(request());
    EXPECT_TRUE(first->result);
    std::string id = first->result->member_id;
    auto synced = sync(id, first->result->generation_id, {{id, byte_buffer{9}}});
    EXPECT_TRUE(synced && !synced->error);
    return id;
  }

  group_config config;
  group subject{"g", config};
  int64_t now = 1'000'000;
  int persisted = 0;
};

TEST_F(group_test, a_lone_member_becomes_leader_of_generation_one_and_gets_its_assignment) {
  auto first = join(request());
  ASSERT_TRUE(first->result);
  EXPECT_FALSE(first->result->error);
  EXPECT_EQ(first->result->generation_id, 1);
  EXPECT_EQ(first->result->leader_id, first->result->member_id);
  EXPECT_EQ(first->result->protocol_name, "range");
  ASSERT_EQ(first->result->members.size(), 1u);
  EXPECT_EQ(subject.state(), group_state::completing_rebalance);
  auto synced = sync(first->result->member_id, 1, {{first->result->member_id, byte_buffer{7}}});
  ASSERT_TRUE(synced);
  EXPECT_EQ(synced->assignment, byte_buffer{7});
  EXPECT_EQ(subject.state(), group_state::stable);
  EXPECT_GE(persisted, 1);
}

TEST_F(group_test, a_join_rebalances_and_every_member_rejoins_into_the_next_generation) {
  std::string leader = stable_single_member();
  auto second = join(request());
  EXPECT_FALSE(second->result) << "waits for the existing member to rejoin";
  EXPECT_EQ(subject.state(), group_state::preparing_rebalance);
  EXPECT_EQ(subject.heartbeat({.group_id = "g", .generation_id = 1, .member_id = leader}, now),
            std::error_code(errc::rebalance_in_progress));
  auto rejoin = join(request(leader));
  ASSERT_TRUE(rejoin->result && second->result);
  EXPECT_EQ(rejoin->result->generation_id, 2);
  EXPECT_EQ(second->result->generation_id, 2);
  EXPECT_EQ(rejoin->result->leader_id, leader);
  EXPECT_EQ(rejoin->result->members.size(), 2u);
  EXPECT_TRUE(second->result->members.empty()) << "only the leader gets the members";
  // A follower's sync waits for the leader's.
  std::string follower = second->result->member_id;
  auto waiting = std::make_shared<std::optional<sync_result>>();
  deferred_work work;
  subject.sync(
      {.group_id = "g", .generation_id = 2, .member_id = follower},
      [waiting](sync_result r) { *waiting = r; }, now, work);
  run(work);
  EXPECT_FALSE(*waiting);
  sync(leader, 2, {{leader, byte_buffer{1}}, {follower, byte_buffer{2}}});
  ASSERT_TRUE(*waiting);
  EXPECT_EQ((*waiting)->assignment, byte_buffer{2});
  EXPECT_EQ(sync(leader, 1)->error, std::error_code(errc::illegal_generation));
}

TEST_F(group_test, the_protocol_is_one_every_member_lists_chosen_by_their_preferences) {
  auto a = join(request({}, {"roundrobin", "range"}));
  std::string a_id = a->result->member_id;
  sync(a_id, 1);
  auto b = join(request({}, {"range", "roundrobin", "sticky"}));
  auto c = join(request({}, {"range"}));
  auto a2 = join(request(a_id, {"roundrobin", "range"}));
  ASSERT_TRUE(a2->result && b->result && c->result);
  EXPECT_EQ(a2->result->protocol_name, "range");
  auto d = join(request({}, {"sticky"}));
  ASSERT_TRUE(d->result);
  EXPECT_EQ(d->result->error, std::error_code(errc::inconsistent_group_protocol));
}

TEST_F(group_test, member_id_required_then_the_rejoin_with_that_id_is_accepted) {
  auto join_v4 = request();
  join_v4.require_known_member_id = true;
  auto first = join(join_v4);
  ASSERT_TRUE(first->result);
  EXPECT_EQ(first->result->error, std::error_code(errc::member_id_required));
  ASSERT_FALSE(first->result->member_id.empty());
  auto again = request(first->result->member_id);
  again.require_known_member_id = true;
  auto second = join(again);
  ASSERT_TRUE(second->result);
  EXPECT_FALSE(second->result->error);
  EXPECT_EQ(second->result->member_id, first->result->member_id);
  // An id the group never handed out is refused.
  auto stranger = join(request("nobody"));
  EXPECT_EQ(stranger->result->error, std::error_code(errc::unknown_member_id));
}

TEST_F(group_test, a_session_timeout_removes_the_silent_member_and_the_others_rebalance) {
  std::string leader = stable_single_member();
  auto second = join(request());
  join(request(leader));
  std::string follower = second->result->member_id;
  sync(leader, 2, {});
  sync(follower, 2);
  ASSERT_EQ(subject.state(), group_state::stable);
  advance(6'000);
  EXPECT_FALSE(subject.heartbeat({.group_id = "g", .generation_id = 2, .member_id = leader}, now));
  advance(5'000);  // the follower has been silent for 11 s > 10 s
  EXPECT_FALSE(subject.has_member(follower));
  EXPECT_EQ(subject.state(), group_state::preparing_rebalance);
  auto rejoin = join(request(leader));
  ASSERT_TRUE(rejoin->result);
  EXPECT_EQ(rejoin->result->generation_id, 3);
  EXPECT_EQ(rejoin->result->members.size(), 1u);
}

TEST_F(group_test, members_that_do_not_rejoin_within_the_rebalance_timeout_are_removed) {
  std::string leader = stable_single_member();
  auto second = join(request());
  // The leader keeps heartbeating but never rejoins.
  for (int step = 0; step < 31; ++step) {
    advance(1'000);
    subject.heartbeat({.group_id = "g", .generation_id = 1, .member_id = leader}, now);
  }
  ASSERT_TRUE(second->result);
  EXPECT_EQ(second->result->generation_id, 2);
  EXPECT_FALSE(subject.has_member(leader));
  EXPECT_EQ(second->result->leader_id, second->result->member_id);
}

TEST_F(group_test, leaving_rebalances_the_rest_and_the_last_one_out_empties_the_group) {
  std::string leader = stable_single_member();
  auto second = join(request());
  join(request(leader));
  std::string follower = second->result->member_id;
  deferred_work work;
  auto left = subject.leave({{.member_id = follower}}, now, work);
  run(work);
  EXPECT_FALSE(left.at(0).second);
  EXPECT_EQ(subject.state(), group_state::preparing_rebalance);
  auto rejoin = join(request(leader));
  ASSERT_TRUE(rejoin->result);
  deferred_work more;
  left = subject.leave({{.member_id = leader}, {.member_id = "ghost"}}, now, more);
  run(more);
  EXPECT_FALSE(left.at(0).second);
  EXPECT_EQ(left.at(1).second, std::error_code(errc::unknown_member_id));
  EXPECT_EQ(subject.state(), group_state::empty);
  EXPECT_TRUE(subject.members().empty());
}

TEST_F(group_test, session_timeouts_outside_the_bounds_are_refused) {
  auto short_session = request();
  short_session.session_timeout_ms = 1'000;
  EXPECT_EQ(join(short_session)->result->error, std::error_code(errc::invalid_session_timeout));
  auto long_session = request();
  long_session.session_timeout_ms = 2'000'000;
  EXPECT_EQ(join(long_session)->result->error, std::error_code(errc::invalid_session_timeout));
}

TEST_F(group_test, a_static_member_that_restarts_takes_its_place_without_a_rebalance) {
  auto first = join(request({}, {"range"}, "instance-1"));
  std::string old_id = first->result->member_id;
  sync(old_id, 1, {{old_id, byte_buffer{5}}});
  ASSERT_EQ(subject.state(), group_state::stable);
  auto restarted = join(request({}, {"range"}, "instance-1"));
  ASSERT_TRUE(restarted->result);
  EXPECT_FALSE(restarted->result->error);
  std::string new_id = restarted->result->member_id;
  EXPECT_NE(new_id, old_id);
  EXPECT_EQ(restarted->result->generation_id, 1) << "no rebalance";
  EXPECT_EQ(subject.state(), group_state::stable);
  EXPECT_EQ(sync(new_id, 1)->assignment, byte_buffer{5}) << "keeps its assignment";
  // The old incarnation is fenced.
  EXPECT_EQ(subject.heartbeat({.group_id = "g",
                               .generation_id = 1,
                               .member_id = old_id,
                               .group_instance_id = "instance-1"},
                              now),
            std::error_code(errc::fenced_instance_id));
  // Changed metadata does rebalance.
  auto changed = join(request({}, {"roundrobin"}, "instance-1"));
  ASSERT_TRUE(changed->result);
  EXPECT_EQ(changed->result->generation_id, 2);
}

TEST_F(group_test, the_initial_delay_holds_the_first_rebalance_for_late_joiners) {
  config.initial_rebalance_delay_ms = 3'000;
  auto first = join(request());
  EXPECT_FALSE(first->result);
  advance(2'000);
  auto second = join(request());
  advance(2'000);
  EXPECT_FALSE(first->result) << "the delay is extended by a joining member";
  advance(1'500);
  ASSERT_TRUE(first->result && second->result);
  EXPECT_EQ(first->result->generation_id, 1);
  EXPECT_EQ(second->result->generation_id, 1);
}

TEST_F(group_test, commits_are_checked_against_membership_and_generation) {
  EXPECT_FALSE(subject.check_commit(-1, "", std::nullopt, now)) << "simple commit, empty group";
  std::string leader = stable_single_member();
  EXPECT_FALSE(subject.check_commit(1, leader, std::nullopt, now));
  EXPECT_EQ(subject.check_commit(0, leader, std::nullopt, now),
            std::error_code(errc::illegal_generation));
  EXPECT_EQ(subject.check_commit(1, "ghost", std::nullopt, now),
            std::error_code(errc::unknown_member_id));
  EXPECT_EQ(subject.check_commit(-1, "", std::nullopt, now),
            std::error_code(errc::unknown_member_id));
}

}  // namespace
}  // namespace eventioz::groups
