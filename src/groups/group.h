// One consumer group as the classic Kafka rebalance protocol sees it: its members, its state
// (Empty → PreparingRebalance → CompletingRebalance → Stable, and Dead once deleted), the
// generation, the leader, the chosen protocol, and its committed offsets.
//
// A pure state machine: no I/O, no locks, no clock of its own (every call gets `now_ms`). The
// group_coordinator owns the groups, serialises calls with its mutex, and runs what a call
// leaves in `deferred_work` (answers to delayed JoinGroup/SyncGroup requests, metadata to
// persist) after releasing the lock.
//
// Invariants: a member is in `_members` iff it joined and has not left or expired; every
// member waiting for a JoinGroup answer has `awaiting_join` set, and the group is then
// PreparingRebalance; `awaiting_sync` is set only in CompletingRebalance (or while the leader's
// assignment is being persisted); every callback taken from a member is called exactly once.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "groups/group_types.h"

namespace eventioz::groups {

struct group_config {
  int32_t min_session_timeout_ms = 6'000;      // group.min.session.timeout.ms
  int32_t max_session_timeout_ms = 1'800'000;  // group.max.session.timeout.ms
  // group.initial.rebalance.delay.ms: the first rebalance of an empty group waits this long
  // (and a further delay per joining member, up to the rebalance timeout) so that members
  // starting together land in one generation. Kafka's default is 3000; ours is 0 so a lone
  // consumer starts at once.
  int32_t initial_rebalance_delay_ms = 0;
  size_t offset_metadata_max_bytes = 4096;  // offset.metadata.max.bytes
};

struct group_member {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string client_host;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = 0;
  std::string protocol_type;
  std::vector<protocol_choice> protocols;
  byte_buffer assignment;
  int64_t session_deadline_ms = 0;
  std::function<void(join_result)> awaiting_join;
  std::function<void(sync_result)> awaiting_sync;
};

// What a call leaves for the coordinator to do outside its lock.
struct deferred_work {
  std::vector<std::function<void()>> callbacks;
  // The group's metadata changed in a way worth persisting (a generation completed, the
  // leader's assignment arrived, the group became empty). Called with the outcome of the
  // write, in order, after it.
  bool persist_metadata = false;
  std::vector<std::function<void(std::error_code)>> after_persist;
};

class group {
 public:
  group(std::string group_id, const group_config& config);

  const std::string& id() const { return _group_id; }
  group_state state() const { return _state; }
  int32_t generation_id() const { return _generation_id; }
  const std::string& protocol_type() const { return _protocol_type; }
  const std::string& protocol_name() const { return _protocol_name; }
  const std::string& leader_id() const { return _leader_id; }
  const std::map<std::string, group_member>& members() const { return _members; }
  bool has_member(const std::string& member_id) const { return _members.contains(member_id); }
  // Never had a generation and holds nobody, not even a member asked for MEMBER_ID_REQUIRED.
  bool never_used() const {
    return _state == group_state::empty && _generation_id == 0 && _members.empty() &&
           _pending_members.empty();
  }

  void join(join_request request, std::function<void(join_result)> done, int64_t now_ms,
            deferred_work& work);
  void sync(sync_request request, std::function<void(sync_result)> done, int64_t now_ms,
            deferred_work& work);
  std::error_code heartbeat(const heartbeat_request& request, int64_t now_ms);
  std::vector<std::pair<leaving_member, std::error_code>> leave(
      const std::vector<leaving_member>& leaving, int64_t now_ms, deferred_work& work);
  // Session timeouts, rebalance timeouts, the initial delay, pending MEMBER_ID_REQUIRED ids.
  void expire(int64_t now_ms, deferred_work& work);
  // Answers every waiting request with COORDINATOR_NOT_AVAILABLE (broker shutdown).
  void abandon_waiting(deferred_work& work);
  // Deleted: Dead, no members. REQUIRES: state() == empty.
  void mark_dead();

  // Whether a commit with these credentials may store offsets now (error otherwise).
  std::error_code check_commit(int32_t generation_id, const std::string& member_id,
                               const std::optional<std::string>& group_instance_id, int64_t now_ms);
  // TxnOffsetCommit v3+ (KIP-447): with generation_id >= 0, the committer must be a current
  // member of that generation (unknown_member_id, fenced_instance_id, illegal_generation);
  // with generation_id < 0 (older clients) nothing is checked.
  std::error_code check_transactional_commit(
      int32_t generation_id, const std::string& member_id,
      const std::optional<std::string>& group_instance_id) const;
  // The topics the members subscribe to, when they use the "consumer" protocol type.
  std::set<std::string> subscribed_topics() const;

  // Restores what __consumer_offsets recorded: the group comes back Empty with its
  // generation, protocol type and protocol; members must rejoin.
  void restore(int32_t generation_id, std::string protocol_type, std::string protocol_name);

  group_description describe() const;

  // The earliest time expire() has something to do (for tests and timers); INT64_MAX: never.
  int64_t next_deadline_ms() const;

 private:
  std::error_code check_join(const join_request& request) const;
  bool only_member_is(const std::string& member_id) const {
    return _members.size() == 1 && _members.contains(member_id);
  }
  void join_new_member(join_request request, std::function<void(join_result)> done, int64_t now_ms,
                       deferred_work& work);
  void join_static_member(join_request request, std::function<void(join_result)> done,
                          int64_t now_ms, deferred_work& work);
  void join_known_member(join_request request, std::function<void(join_result)> done,
                         int64_t now_ms, deferred_work& work);
  void add_member(join_request& request, std::string member_id,
                  std::function<void(join_result)> done, int64_t now_ms, deferred_work& work);
  void prepare_rebalance(int64_t now_ms, deferred_work& work);
  void maybe_complete_join(int64_t now_ms, deferred_work& work);
  void complete_join(int64_t now_ms, deferred_work& work);
  void remove_member(const std::string& member_id, std::error_code answer, deferred_work& work);
  void member_gone(int64_t now_ms, deferred_work& work);
  join_result current_generation_for(const std::string& member_id) const;
  std::optional<std::string> select_protocol() const;
  std::set<std::string> protocols_every_member_lists(const std::string& except_member) const;
  std::string new_member_id(const std::string& client_id);
  std::error_code check_member(const std::string& member_id,
                               const std::optional<std::string>& group_instance_id) const;
  const byte_buffer* chosen_metadata(const group_member& member) const;

  std::string _group_id;
  const group_config& _config;
  group_state _state = group_state::empty;
  int32_t _generation_id = 0;
  std::string _protocol_type;
  std::string _protocol_name;
  std::string _leader_id;
  std::map<std::string, group_member> _members;
  std::map<std::string, std::string> _static_members;  // group.instance.id → member id
  std::map<std::string, int64_t> _pending_members;     // MEMBER_ID_REQUIRED ids → deadline
  // PreparingRebalance: when the join phase ends even if members are missing.
  int64_t _rebalance_deadline_ms = 0;
  // The initial delay of an empty group's first rebalance: joins may not complete before it.
  int64_t _initial_delay_until_ms = 0;
  int64_t _initial_delay_cap_ms = 0;
  uint64_t _member_counter = 0;
};

}  // namespace eventioz::groups
