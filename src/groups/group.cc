// The classic rebalance protocol: joins, the join phase ending, protocol and leader choice.
#include "groups/group.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <random>

#include "base/assert.h"
#include "groups/errc.h"

namespace eventioz::groups {
namespace {

bool same_protocols(const std::vector<protocol_choice>& a, const std::vector<protocol_choice>& b) {
  if (a.size() != b.size()) return false;
  for (size_t index = 0; index < a.size(); ++index) {
    if (a[index].name != b[index].name || a[index].metadata != b[index].metadata) return false;
  }
  return true;
}

template <class Result>
std::function<void()> answer(std::function<void(Result)> done, Result value) {
  return [done = std::move(done), value = std::move(value)]() mutable { done(std::move(value)); };
}

join_result join_error(std::error_code code, std::string member_id = {}) {
  return {.error = code, .member_id = std::move(member_id)};
}

}  // namespace

const char* state_name(group_state state) {
  switch (state) {
    case group_state::empty:
      return "Empty";
    case group_state::preparing_rebalance:
      return "PreparingRebalance";
    case group_state::completing_rebalance:
      return "CompletingRebalance";
    case group_state::stable:
      return "Stable";
    case group_state::dead:
      return "Dead";
  }
  return "Unknown";
}

group::group(std::string group_id, const group_config& config)
    : _group_id(std::move(group_id)), _config(config) {}

void group::restore(int32_t generation_id, std::string protocol_type, std::string protocol_name) {
  _generation_id = generation_id;
  _protocol_type = std::move(protocol_type);
  _protocol_name = std::move(protocol_name);
}

std::string group::new_member_id(const std::string& client_id) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{}-{:016x}{:04x}", client_id.empty() ? "member" : client_id, random(),
                     ++_member_counter & 0xffff);
}

std::error_code group::check_join(const join_request& request) const {
  if (request.session_timeout_ms < _config.min_session_timeout_ms ||
      request.session_timeout_ms > _config.max_session_timeout_ms) {
    return errc::invalid_session_timeout;
  }
  if (request.protocol_type.empty() || request.protocols.empty()) {
    return errc::inconsistent_group_protocol;
  }
  if (_members.empty()) return {};
  // A restarted static member replaces its old entry: the others are everyone but that one.
  std::string replaced = request.member_id;
  if (replaced.empty() && request.group_instance_id) {
    auto known = _static_members.find(*request.group_instance_id);
    if (known != _static_members.end()) replaced = known->second;
  }
  std::set<std::string> others = protocols_every_member_lists(replaced);
  bool shares_one = std::any_of(
      request.protocols.begin(), request.protocols.end(),
      [&](const protocol_choice& each) { return others.empty() || others.contains(each.name); });
  // `others` is empty only when the joining member is the only member.
  if (request.protocol_type != _protocol_type && !only_member_is(replaced)) {
    return errc::inconsistent_group_protocol;
  }
  bool only_member = _members.size() == 1 && _members.contains(replaced);
  if (!shares_one || (others.empty() && !only_member)) return errc::inconsistent_group_protocol;
  return {};
}

std::set<std::string> group::protocols_every_member_lists(const std::string& except_member) const {
  std::optional<std::set<std::string>> common;
  for (const auto& [id, member] : _members) {
    if (id == except_member) continue;
    std::set<std::string> names;
    for (const auto& each : member.protocols) names.insert(each.name);
    if (!common) {
      common = std::move(names);
      continue;
    }
    std::set<std::string> kept;
    std::set_intersection(common->begin(), common->end(), names.begin(), names.end(),
                          std::inserter(kept, kept.begin()));
    common = std::move(kept);
  }
  return common.value_or(std::set<std::string>{});
}

void group::join(join_request request, std::function<void(join_result)> done, int64_t now_ms,
                 deferred_work& work) {
  if (_state == group_state::dead) {
    work.callbacks.push_back(answer(std::move(done), join_error(errc::coordinator_not_available)));
    return;
  }
  if (std::error_code failure = check_join(request)) {
    work.callbacks.push_back(answer(std::move(done), join_error(failure, request.member_id)));
    return;
  }
  if (request.member_id.empty()) {
    if (request.group_instance_id) {
      return join_static_member(std::move(request), std::move(done), now_ms, work);
    }
    return join_new_member(std::move(request), std::move(done), now_ms, work);
  }
  join_known_member(std::move(request), std::move(done), now_ms, work);
}

void group::join_new_member(join_request request, std::function<void(join_result)> done,
                            int64_t now_ms, deferred_work& work) {
  std::string member_id = new_member_id(request.client_id);
  if (request.require_known_member_id) {
    _pending_members[member_id] = now_ms + request.session_timeout_ms;
    work.callbacks.push_back(
        answer(std::move(done), join_error(errc::member_id_required, member_id)));
    return;
  }
  add_member(request, std::move(member_id), std::move(done), now_ms, work);
}

void group::join_static_member(join_request request, std::function<void(join_result)> done,
                               int64_t now_ms, deferred_work& work) {
  auto known = _static_members.find(*request.group_instance_id);
  if (known == _static_members.end()) {
    std::string member_id = new_member_id(request.client_id);
    return add_member(request, std::move(member_id), std::move(done), now_ms, work);
  }
  // A restarted static member: it takes over its old entry under a new id, fencing the old one.
  std::string old_id = known->second;
  std::string new_id = new_member_id(request.client_id);
  auto node = _members.extract(old_id);
  EVENTIOZ_ASSERT(!node.empty(), "static member {} of group {} maps to unknown member {}",
                  *request.group_instance_id, _group_id, old_id);
  group_member& member = node.mapped();
  if (member.awaiting_join) {
    work.callbacks.push_back(
        answer(std::move(member.awaiting_join), join_error(errc::fenced_instance_id)));
    member.awaiting_join = nullptr;
  }
  if (member.awaiting_sync) {
    work.callbacks.push_back(
        answer(std::move(member.awaiting_sync), sync_result{.error = errc::fenced_instance_id}));
    member.awaiting_sync = nullptr;
  }
  bool unchanged = same_protocols(member.protocols, request.protocols) &&
                   member.protocol_type == request.protocol_type;
  node.key() = new_id;
  member.member_id = new_id;
  member.client_id = request.client_id;
  member.client_host = request.client_host;
  member.session_timeout_ms = request.session_timeout_ms;
  member.rebalance_timeout_ms =
      request.rebalance_timeout_ms < 0 ? request.session_timeout_ms : request.rebalance_timeout_ms;
  member.protocols = std::move(request.protocols);
  member.session_deadline_ms = now_ms + member.session_timeout_ms;
  _members.insert(std::move(node));
  known->second = new_id;
  if (_leader_id == old_id) _leader_id = new_id;

  if (_state == group_state::stable && unchanged) {
    // No rebalance: the member keeps its assignment, which SyncGroup hands back.
    join_result current = current_generation_for(new_id);
    work.callbacks.push_back(answer(std::move(done), std::move(current)));
    return;
  }
  _members.at(new_id).awaiting_join = std::move(done);
  if (_state == group_state::preparing_rebalance) {
    maybe_complete_join(now_ms, work);
  } else {
    prepare_rebalance(now_ms, work);
  }
}

void group::join_known_member(join_request request, std::function<void(join_result)> done,
                              int64_t now_ms, deferred_work& work) {
  std::string member_id = request.member_id;
  if (auto pending = _pending_members.find(member_id); pending != _pending_members.end()) {
    _pending_members.erase(pending);
    return add_member(request, std::move(member_id), std::move(done), now_ms, work);
  }
  if (std::error_code failure = check_member(member_id, request.group_instance_id)) {
    work.callbacks.push_back(answer(std::move(done), join_error(failure, member_id)));
    return;
  }
  group_member& member = _members.at(member_id);
  bool unchanged = same_protocols(member.protocols, request.protocols);
  member.session_deadline_ms = now_ms + request.session_timeout_ms;
  if (unchanged && (_state == group_state::completing_rebalance ||
                    (_state == group_state::stable && member_id != _leader_id))) {
    // A join repeated (its answer was lost): the same generation again, no rebalance.
    work.callbacks.push_back(answer(std::move(done), current_generation_for(member_id)));
    return;
  }
  member.protocols = std::move(request.protocols);
  member.session_timeout_ms = request.session_timeout_ms;
  member.rebalance_timeout_ms =
      request.rebalance_timeout_ms < 0 ? request.session_timeout_ms : request.rebalance_timeout_ms;
  if (member.awaiting_join) {
    work.callbacks.push_back(
        answer(std::move(member.awaiting_join), join_error(errc::rebalance_in_progress)));
  }
  member.awaiting_join = std::move(done);
  if (_state == group_state::preparing_rebalance) {
    maybe_complete_join(now_ms, work);
  } else {
    prepare_rebalance(now_ms, work);
  }
}

void group::add_member(join_request& request, std::string member_id,
                       std::function<void(join_result)> done, int64_t now_ms, deferred_work& work) {
  if (_members.empty()) _protocol_type = request.protocol_type;
  group_member member{
      .member_id = member_id,
      .group_instance_id = request.group_instance_id,
      .client_id = std::move(request.client_id),
      .client_host = std::move(request.client_host),
      .session_timeout_ms = request.session_timeout_ms,
      .rebalance_timeout_ms = request.rebalance_timeout_ms < 0 ? request.session_timeout_ms
                                                               : request.rebalance_timeout_ms,
      .protocol_type = std::move(request.protocol_type),
      .protocols = std::move(request.protocols),
      .session_deadline_ms = now_ms + request.session_timeout_ms,
      .awaiting_join = std::move(done),
  };
  if (member.group_instance_id) _static_members[*member.group_instance_id] = member_id;
  int32_t rebalance_timeout_ms = member.rebalance_timeout_ms;
  _members.emplace(member_id, std::move(member));
  if (_state == group_state::preparing_rebalance) {
    // A member joining during the initial delay extends it, up to the rebalance timeout.
    if (_initial_delay_until_ms > now_ms) {
      _initial_delay_until_ms =
          std::min(now_ms + _config.initial_rebalance_delay_ms, _initial_delay_cap_ms);
    }
    _rebalance_deadline_ms = std::max(_rebalance_deadline_ms, now_ms + rebalance_timeout_ms);
    return maybe_complete_join(now_ms, work);
  }
  prepare_rebalance(now_ms, work);
}

void group::prepare_rebalance(int64_t now_ms, deferred_work& work) {
  // Members waiting for their assignment learn that it will not come.
  for (auto& [id, member] : _members) {
    if (member.awaiting_sync) {
      work.callbacks.push_back(answer(std::move(member.awaiting_sync),
                                      sync_result{.error = errc::rebalance_in_progress}));
      member.awaiting_sync = nullptr;
    }
  }
  bool first_rebalance = _state == group_state::empty;
  _state = group_state::preparing_rebalance;
  int32_t rebalance_timeout_ms = 0;
  for (const auto& [id, member] : _members) {
    rebalance_timeout_ms = std::max(rebalance_timeout_ms, member.rebalance_timeout_ms);
  }
  _rebalance_deadline_ms = now_ms + rebalance_timeout_ms;
  _initial_delay_until_ms = 0;
  if (first_rebalance && _config.initial_rebalance_delay_ms > 0) {
    _initial_delay_until_ms = now_ms + _config.initial_rebalance_delay_ms;
    _initial_delay_cap_ms = now_ms + std::max(rebalance_timeout_ms, 0);
    _initial_delay_until_ms = std::min(_initial_delay_until_ms, _initial_delay_cap_ms);
  }
  maybe_complete_join(now_ms, work);
}

void group::maybe_complete_join(int64_t now_ms, deferred_work& work) {
  if (_state != group_state::preparing_rebalance) return;
  if (_initial_delay_until_ms > now_ms) return;
  bool everyone_joined = std::all_of(_members.begin(), _members.end(), [](const auto& entry) {
    return static_cast<bool>(entry.second.awaiting_join);
  });
  if (everyone_joined) complete_join(now_ms, work);
}

void group::complete_join(int64_t now_ms, deferred_work& work) {
  // Members that did not rejoin within the rebalance timeout are out.
  std::vector<std::string> missing;
  for (const auto& [id, member] : _members) {
    if (!member.awaiting_join) missing.push_back(id);
  }
  for (const std::string& id : missing) remove_member(id, {}, work);
  ++_generation_id;
  _initial_delay_until_ms = 0;
  if (_members.empty()) {
    _state = group_state::empty;
    _protocol_name.clear();
    _leader_id.clear();
    work.persist_metadata = true;
    return;
  }
  std::optional<std::string> chosen = select_protocol();
  if (!chosen) {
    // Checked at each join, so only members leaving cannot cause this; answer and start over.
    for (auto& [id, member] : _members) {
      work.callbacks.push_back(answer(std::move(member.awaiting_join),
                                      join_error(errc::inconsistent_group_protocol, id)));
      member.awaiting_join = nullptr;
    }
    _members.clear();
    _static_members.clear();
    _state = group_state::empty;
    work.persist_metadata = true;
    return;
  }
  _protocol_name = *chosen;
  if (!_members.contains(_leader_id)) _leader_id = _members.begin()->first;
  _state = group_state::completing_rebalance;
  for (auto& [id, member] : _members) {
    member.assignment.clear();
    member.session_deadline_ms = now_ms + member.session_timeout_ms;
    join_result result = current_generation_for(id);
    if (id == _leader_id) {
      for (const auto& [other_id, other] : _members) {
        const byte_buffer* metadata = chosen_metadata(other);
        result.members.push_back({.member_id = other_id,
                                  .group_instance_id = other.group_instance_id,
                                  .metadata = metadata ? *metadata : byte_buffer{}});
      }
    }
    work.callbacks.push_back(answer(std::move(member.awaiting_join), std::move(result)));
    member.awaiting_join = nullptr;
  }
}

std::optional<std::string> group::select_protocol() const {
  std::set<std::string> candidates = protocols_every_member_lists("");
  if (candidates.empty()) return std::nullopt;
  // Each member votes for the first of its protocols that every member lists.
  std::map<std::string, int> votes;
  for (const auto& [id, member] : _members) {
    for (const auto& each : member.protocols) {
      if (candidates.contains(each.name)) {
        ++votes[each.name];
        break;
      }
    }
  }
  auto best = std::max_element(votes.begin(), votes.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  return best->first;
}

const byte_buffer* group::chosen_metadata(const group_member& member) const {
  for (const auto& each : member.protocols) {
    if (each.name == _protocol_name) return &each.metadata;
  }
  return nullptr;
}

join_result group::current_generation_for(const std::string& member_id) const {
  return {.generation_id = _generation_id,
          .protocol_name = _protocol_name,
          .leader_id = _leader_id,
          .member_id = member_id};
}

std::error_code group::check_member(const std::string& member_id,
                                    const std::optional<std::string>& group_instance_id) const {
  if (group_instance_id) {
    auto known = _static_members.find(*group_instance_id);
    if (known != _static_members.end() && known->second != member_id) {
      return errc::fenced_instance_id;
    }
  }
  if (!_members.contains(member_id)) return errc::unknown_member_id;
  return {};
}

}  // namespace eventioz::groups
