// Members after the join phase: SyncGroup, heartbeats, leaving, timeouts, and what commits and
// DescribeGroups see of them.
#include <algorithm>
#include <climits>

#include "base/byte_reader.h"
#include "groups/errc.h"
#include "groups/group.h"

namespace eventioz::groups {

void group::sync(sync_request request, std::function<void(sync_result)> done, int64_t now_ms,
                 deferred_work& work) {
  auto fail = [&](std::error_code code) {
    work.callbacks.push_back([done = std::move(done), code] { done({.error = code}); });
  };
  if (_state == group_state::dead) return fail(errc::coordinator_not_available);
  if (std::error_code failure = check_member(request.member_id, request.group_instance_id)) {
    return fail(failure);
  }
  if (request.generation_id != _generation_id) return fail(errc::illegal_generation);
  group_member& member = _members.at(request.member_id);
  member.session_deadline_ms = now_ms + member.session_timeout_ms;
  if (_state == group_state::preparing_rebalance) return fail(errc::rebalance_in_progress);
  if (_state == group_state::stable) {
    byte_buffer assignment = member.assignment;
    work.callbacks.push_back([done = std::move(done), assignment = std::move(assignment)] {
      done({.assignment = assignment});
    });
    return;
  }
  // CompletingRebalance: wait for the leader's assignment.
  if (member.awaiting_sync) {
    work.callbacks.push_back(
        [old = std::move(member.awaiting_sync)] { old({.error = errc::rebalance_in_progress}); });
  }
  member.awaiting_sync = std::move(done);
  if (request.member_id != _leader_id) return;

  for (auto& [id, each] : _members) each.assignment.clear();
  for (auto& [id, assignment] : request.assignments) {
    auto target = _members.find(id);
    if (target != _members.end()) target->second.assignment = std::move(assignment);
  }
  _state = group_state::stable;
  // Members are answered once the assignment is durable, as Kafka does: a coordinator that
  // restarts then knows the generation its members run.
  work.persist_metadata = true;
  for (auto& [id, each] : _members) {
    if (!each.awaiting_sync) continue;
    work.after_persist.push_back([done = std::move(each.awaiting_sync),
                                  assignment = each.assignment](std::error_code failure) {
      if (failure) return done({.error = errc::coordinator_not_available});
      done({.assignment = assignment});
    });
    each.awaiting_sync = nullptr;
  }
}

std::error_code group::heartbeat(const heartbeat_request& request, int64_t now_ms) {
  if (_state == group_state::dead) return errc::coordinator_not_available;
  if (std::error_code failure = check_member(request.member_id, request.group_instance_id)) {
    return failure;
  }
  if (request.generation_id != _generation_id) return errc::illegal_generation;
  group_member& member = _members.at(request.member_id);
  member.session_deadline_ms = now_ms + member.session_timeout_ms;
  if (_state == group_state::preparing_rebalance) return errc::rebalance_in_progress;
  return {};
}

std::vector<std::pair<leaving_member, std::error_code>> group::leave(
    const std::vector<leaving_member>& leaving, int64_t now_ms, deferred_work& work) {
  std::vector<std::pair<leaving_member, std::error_code>> outcome;
  bool anyone_left = false;
  for (const leaving_member& each : leaving) {
    std::string member_id = each.member_id;
    if (each.group_instance_id) {
      auto known = _static_members.find(*each.group_instance_id);
      if (known == _static_members.end()) {
        outcome.emplace_back(each, errc::unknown_member_id);
        continue;
      }
      if (!member_id.empty() && known->second != member_id) {
        outcome.emplace_back(each, errc::fenced_instance_id);
        continue;
      }
      member_id = known->second;
    }
    if (_pending_members.erase(member_id) > 0) {
      outcome.emplace_back(each, std::error_code{});
      continue;
    }
    if (!_members.contains(member_id)) {
      outcome.emplace_back(each, errc::unknown_member_id);
      continue;
    }
    remove_member(member_id, errc::unknown_member_id, work);
    outcome.emplace_back(each, std::error_code{});
    anyone_left = true;
  }
  if (anyone_left) member_gone(now_ms, work);
  return outcome;
}

void group::remove_member(const std::string& member_id, std::error_code answer,
                          deferred_work& work) {
  auto found = _members.find(member_id);
  if (found == _members.end()) return;
  group_member& member = found->second;
  if (member.awaiting_join) {
    work.callbacks.push_back([done = std::move(member.awaiting_join), answer, member_id] {
      done({.error = answer ? answer : std::error_code(errc::unknown_member_id),
            .member_id = member_id});
    });
  }
  if (member.awaiting_sync) {
    work.callbacks.push_back([done = std::move(member.awaiting_sync), answer] {
      done({.error = answer ? answer : std::error_code(errc::unknown_member_id)});
    });
  }
  if (member.group_instance_id) _static_members.erase(*member.group_instance_id);
  _members.erase(found);
}

// After members left or expired: the others rebalance, or the group empties.
void group::member_gone(int64_t now_ms, deferred_work& work) {
  switch (_state) {
    case group_state::stable:
    case group_state::completing_rebalance:
      prepare_rebalance(now_ms, work);
      break;
    case group_state::preparing_rebalance:
      maybe_complete_join(now_ms, work);
      break;
    case group_state::empty:
    case group_state::dead:
      break;
  }
  // The last member gone: the join phase ends now, whatever delay it was waiting for.
  if (_members.empty() && _state == group_state::preparing_rebalance) complete_join(now_ms, work);
}

void group::expire(int64_t now_ms, deferred_work& work) {
  for (auto pending = _pending_members.begin(); pending != _pending_members.end();) {
    pending = pending->second <= now_ms ? _pending_members.erase(pending) : std::next(pending);
  }
  if (_state == group_state::dead) return;
  std::vector<std::string> expired;
  for (const auto& [id, member] : _members) {
    // A member waiting in the join phase is alive: its request is the heartbeat.
    if (member.awaiting_join) continue;
    if (member.session_deadline_ms <= now_ms) expired.push_back(id);
  }
  for (const std::string& id : expired) remove_member(id, errc::unknown_member_id, work);
  if (!expired.empty()) member_gone(now_ms, work);
  if (_state == group_state::preparing_rebalance) {
    if (_rebalance_deadline_ms <= now_ms && _initial_delay_until_ms <= now_ms) {
      complete_join(now_ms, work);
    } else {
      maybe_complete_join(now_ms, work);
    }
  }
}

int64_t group::next_deadline_ms() const {
  int64_t next = INT64_MAX;
  for (const auto& [id, deadline] : _pending_members) next = std::min(next, deadline);
  for (const auto& [id, member] : _members) {
    if (!member.awaiting_join) next = std::min(next, member.session_deadline_ms);
  }
  if (_state == group_state::preparing_rebalance) {
    next = std::min(next,
                    _initial_delay_until_ms > 0 ? _initial_delay_until_ms : _rebalance_deadline_ms);
  }
  return next;
}

void group::abandon_waiting(deferred_work& work) {
  for (auto& [id, member] : _members) {
    if (member.awaiting_join) {
      work.callbacks.push_back([done = std::move(member.awaiting_join)] {
        done({.error = errc::coordinator_not_available});
      });
      member.awaiting_join = nullptr;
    }
    if (member.awaiting_sync) {
      work.callbacks.push_back([done = std::move(member.awaiting_sync)] {
        done({.error = errc::coordinator_not_available});
      });
      member.awaiting_sync = nullptr;
    }
  }
}

void group::mark_dead() {
  _state = group_state::dead;
  _members.clear();
  _static_members.clear();
  _pending_members.clear();
}

std::error_code group::check_commit(int32_t generation_id, const std::string& member_id,
                                    const std::optional<std::string>& group_instance_id,
                                    int64_t now_ms) {
  if (_state == group_state::dead) return errc::coordinator_not_available;
  // A consumer that assigns partitions itself commits with generation -1 and no member id.
  if (generation_id < 0 && member_id.empty()) {
    return _state == group_state::empty ? std::error_code{}
                                        : std::error_code(errc::unknown_member_id);
  }
  if (_state == group_state::empty && generation_id < 0) return {};
  if (std::error_code failure = check_member(member_id, group_instance_id)) return failure;
  if (generation_id != _generation_id) return errc::illegal_generation;
  if (_state == group_state::completing_rebalance) return errc::rebalance_in_progress;
  group_member& member = _members.at(member_id);
  member.session_deadline_ms = now_ms + member.session_timeout_ms;
  return {};
}

std::error_code group::check_transactional_commit(
    int32_t generation_id, const std::string& member_id,
    const std::optional<std::string>& group_instance_id) const {
  if (generation_id < 0) return {};
  if (_state == group_state::dead) return errc::coordinator_not_available;
  if (std::error_code failure = check_member(member_id, group_instance_id)) return failure;
  if (generation_id != _generation_id) return errc::illegal_generation;
  return {};
}

// The "consumer" protocol's subscription: version int16, topics [string], user data bytes.
std::set<std::string> group::subscribed_topics() const {
  std::set<std::string> topics;
  if (_protocol_type != "consumer") return topics;
  for (const auto& [id, member] : _members) {
    for (const auto& choice : member.protocols) {
      if (!_protocol_name.empty() && choice.name != _protocol_name) continue;
      byte_reader reader(choice.metadata);
      auto version = reader.read_big_endian<int16_t>();
      auto count = reader.read_big_endian<int32_t>();
      if (!version || !count || *count < 0) continue;
      for (int32_t index = 0; index < *count; ++index) {
        auto length = reader.read_big_endian<int16_t>();
        if (!length || *length < 0) break;
        auto name = reader.read_bytes(static_cast<size_t>(*length));
        if (!name) break;
        topics.insert(std::string(as_string_view(*name)));
      }
    }
  }
  return topics;
}

group_description group::describe() const {
  group_description description{
      .group_id = _group_id,
      .state = _state,
      .protocol_type = _protocol_type,
      .protocol_name = _state == group_state::stable ? _protocol_name : ""};
  for (const auto& [id, member] : _members) {
    const byte_buffer* metadata = chosen_metadata(member);
    description.members.push_back({.member_id = id,
                                   .group_instance_id = member.group_instance_id,
                                   .client_id = member.client_id,
                                   .client_host = member.client_host,
                                   .metadata = metadata ? *metadata : byte_buffer{},
                                   .assignment = member.assignment});
  }
  return description;
}

}  // namespace eventioz::groups
