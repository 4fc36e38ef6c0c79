// The coordinator's membership operations: each takes the lock, lets the group's state machine
// decide, and then (outside the lock) persists metadata and answers.
#include "groups/group_coordinator.h"

#include <spdlog/spdlog.h>

#include "groups/errc.h"

namespace eventioz::groups {

group_coordinator::group_coordinator(cluster::topic_manager& topics, coordinator_config config,
                                     std::vector<std::shared_ptr<cluster::partition>> partitions)
    : _topics(topics), _config(std::move(config)), _partitions(std::move(partitions)) {
  for (size_t index = 0; index < _partitions.size(); ++index) {
    _append_order.push_back(std::make_unique<std::mutex>());
  }
}

group_coordinator::~group_coordinator() { shutdown(); }

int32_t group_coordinator::partition_for(const std::string& group_id) const {
  // FNV-1a, 32 bits. On disk (it places groups in partitions): do not change.
  uint32_t hash = 2166136261u;
  for (unsigned char each : group_id) {
    hash ^= each;
    hash *= 16777619u;
  }
  return static_cast<int32_t>(hash % static_cast<uint32_t>(_partitions.size()));
}

group_coordinator::group_entry& group_coordinator::entry_for_locked(const std::string& group_id) {
  auto& slot = _groups[group_id];
  if (!slot) slot = std::make_unique<group_entry>(group_id, _config.groups);
  return *slot;
}

group_coordinator::group_entry* group_coordinator::find_locked(const std::string& group_id) {
  auto found = _groups.find(group_id);
  return found == _groups.end() ? nullptr : found->second.get();
}

void group_coordinator::join(join_request request, std::function<void(join_result)> done) {
  std::unique_lock lock(_mutex);
  auto refuse = [&](errc code) {
    lock.unlock();
    done({.error = code, .member_id = request.member_id});
  };
  if (_shut_down) return refuse(errc::coordinator_not_available);
  if (request.group_id.empty()) return refuse(errc::invalid_group_id);
  group_entry* entry = find_locked(request.group_id);
  // A member id the coordinator never gave out (or forgot across a restart).
  if (!entry && !request.member_id.empty()) return refuse(errc::unknown_member_id);
  bool created = entry == nullptr;
  if (created) entry = &entry_for_locked(request.group_id);
  std::string group_id = request.group_id;
  deferred_work work;
  entry->state.join(std::move(request), std::move(done), now_ms(), work);
  effects out;
  collect_locked(*entry, work, out);
  // A refused first join (a bad session timeout, say) leaves no empty group behind.
  if (created && entry->state.never_used() && entry->offsets.empty()) _groups.erase(group_id);
  finish(lock, out);
}

void group_coordinator::sync(sync_request request, std::function<void(sync_result)> done) {
  std::unique_lock lock(_mutex);
  group_entry* entry = find_locked(request.group_id);
  if (_shut_down || !entry) {
    lock.unlock();
    return done({.error = _shut_down ? errc::coordinator_not_available : errc::unknown_member_id});
  }
  deferred_work work;
  entry->state.sync(std::move(request), std::move(done), now_ms(), work);
  effects out;
  collect_locked(*entry, work, out);
  finish(lock, out);
}

std::error_code group_coordinator::heartbeat(const heartbeat_request& request) {
  std::lock_guard lock(_mutex);
  if (_shut_down) return errc::coordinator_not_available;
  group_entry* entry = find_locked(request.group_id);
  if (!entry) return errc::unknown_member_id;
  return entry->state.heartbeat(request, now_ms());
}

leave_result group_coordinator::leave(const std::string& group_id,
                                      const std::vector<leaving_member>& members) {
  std::unique_lock lock(_mutex);
  if (_shut_down) return {.error = errc::coordinator_not_available};
  group_entry* entry = find_locked(group_id);
  if (!entry) return {.error = errc::unknown_member_id};
  deferred_work work;
  leave_result outcome{.members = entry->state.leave(members, now_ms(), work)};
  effects out;
  collect_locked(*entry, work, out);
  finish(lock, out);
  return outcome;
}

std::vector<group_description> group_coordinator::describe_groups(
    const std::vector<std::string>& group_ids) {
  std::lock_guard lock(_mutex);
  std::vector<group_description> described;
  for (const std::string& id : group_ids) {
    group_entry* entry = find_locked(id);
    if (!entry) {
      // Kafka answers an unknown group as Dead, without an error.
      described.push_back({.group_id = id, .state = group_state::dead});
      continue;
    }
    described.push_back(entry->state.describe());
  }
  return described;
}

std::vector<group_listing> group_coordinator::list_groups(const std::vector<group_state>& states) {
  std::lock_guard lock(_mutex);
  std::vector<group_listing> listed;
  for (const auto& [id, entry] : _groups) {
    group_state state = entry->state.state();
    if (state == group_state::dead) continue;
    if (!states.empty() && std::find(states.begin(), states.end(), state) == states.end()) {
      continue;
    }
    listed.push_back(
        {.group_id = id, .protocol_type = entry->state.protocol_type(), .state = state});
  }
  return listed;
}

void group_coordinator::expire(int64_t now_ms) {
  std::unique_lock lock(_mutex);
  if (_shut_down) return;
  effects out;
  for (auto& [id, entry] : _groups) {
    if (entry->state.next_deadline_ms() > now_ms) continue;
    deferred_work work;
    entry->state.expire(now_ms, work);
    collect_locked(*entry, work, out);
  }
  finish(lock, out);
}

void group_coordinator::shutdown() {
  std::unique_lock lock(_mutex);
  if (_shut_down) return;
  _shut_down = true;
  effects out;
  for (auto& [id, entry] : _groups) {
    deferred_work work;
    entry->state.abandon_waiting(work);
    collect_locked(*entry, work, out);
  }
  finish(lock, out);
}

void group_coordinator::collect_locked(group_entry& entry, deferred_work& work, effects& out) {
  for (auto& callback : work.callbacks) out.callbacks.push_back(std::move(callback));
  if (work.persist_metadata) {
    pending_write write{.partition = partition_for(entry.state.id())};
    write.records.push_back(metadata_record_locked(entry));
    out.metadata_writes.emplace_back(std::move(write), std::move(work.after_persist));
  }
}

model::record_to_write group_coordinator::metadata_record_locked(const group_entry& entry) const {
  const group& state = entry.state;
  stored_group stored{.protocol_type = state.protocol_type(),
                      .generation_id = state.generation_id(),
                      .protocol_name = state.protocol_name(),
                      .leader_id = state.leader_id(),
                      .timestamp_ms = now_ms()};
  for (const member_description& member : state.describe().members) {
    const group_member& full = state.members().at(member.member_id);
    stored.members.push_back({.member_id = member.member_id,
                              .group_instance_id = member.group_instance_id,
                              .client_id = member.client_id,
                              .client_host = member.client_host,
                              .session_timeout_ms = full.session_timeout_ms,
                              .rebalance_timeout_ms = full.rebalance_timeout_ms,
                              .subscription = member.metadata,
                              .assignment = member.assignment});
  }
  return {.key = encode_key({.type = record_type::group_metadata, .group_id = state.id()}),
          .value = encode_group(stored),
          .timestamp = now_ms()};
}

void group_coordinator::finish(std::unique_lock<std::mutex>& lock, effects& out) {
  // Taking each partition's order lock before releasing the coordinator's keeps metadata
  // records in the order their changes were decided; the appends themselves run unlocked.
  std::vector<std::unique_lock<std::mutex>> order;
  std::vector<bool> taken(_append_order.size(), false);
  for (auto& [write, after] : out.metadata_writes) {
    if (taken[write.partition]) continue;
    taken[write.partition] = true;
    order.emplace_back(*_append_order[write.partition]);
  }
  lock.unlock();
  for (auto& [write, after] : out.metadata_writes) {
    append(std::move(write), [after = std::move(after)](result<offset> appended) {
      std::error_code failure;
      if (!appended) {
        spdlog::warn("writing group metadata to {}: {}", offsets_topic_name,
                     appended.error_value().to_string());
        failure = errc::coordinator_not_available;
      }
      for (const auto& each : after) each(failure);
    });
  }
  order.clear();
  for (auto& callback : out.callbacks) callback();
}

}  // namespace eventioz::groups
