// Committed offsets: OffsetCommit, OffsetFetch, OffsetDelete, DeleteGroups, and the offsets a
// transaction holds pending until its outcome.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "groups/errc.h"
#include "groups/group_coordinator.h"

namespace eventioz::groups {
namespace {

model::record_to_write offset_record(const std::string& group_id, const std::string& topic,
                                     int32_t partition, const committed_offset& value) {
  return {.key = encode_key({.type = record_type::offset,
                             .group_id = group_id,
                             .topic = topic,
                             .partition = partition}),
          .value = encode_offset(value),
          .timestamp = value.commit_timestamp_ms};
}

model::record_to_write tombstone(record_key key, int64_t now_ms) {
  return {.key = encode_key(key), .value = std::nullopt, .timestamp = now_ms};
}

}  // namespace

std::vector<std::error_code> group_coordinator::check_partitions_exist(
    const std::vector<offset_to_commit>& offsets) const {
  std::vector<std::error_code> outcome(offsets.size());
  std::map<std::string, int32_t> partition_counts;  // -1: no such topic
  for (size_t index = 0; index < offsets.size(); ++index) {
    const offset_to_commit& each = offsets[index];
    auto known = partition_counts.find(each.topic);
    if (known == partition_counts.end()) {
      auto topic = _topics.find_topic(each.topic);
      known = partition_counts.emplace(each.topic, topic ? topic->partition_count : -1).first;
    }
    if (each.partition < 0 || each.partition >= known->second) {
      outcome[index] = errc::unknown_topic_or_partition;
    }
  }
  return outcome;
}

void group_coordinator::commit_offsets(commit_request request,
                                       std::function<void(std::vector<std::error_code>)> done) {
  std::vector<std::error_code> outcome = check_partitions_exist(request.offsets);
  std::unique_lock lock(_mutex, std::defer_lock);
  auto fail_all = [&](std::error_code code) {
    lock.unlock();  // `done` never runs under the lock
    std::fill(outcome.begin(), outcome.end(), code);
    done(std::move(outcome));
  };
  int64_t now = now_ms();
  pending_write write;
  std::vector<size_t> written;  // index in request.offsets of each record
  {
    lock.lock();
    if (_shut_down) return fail_all(errc::coordinator_not_available);
    if (request.group_id.empty()) return fail_all(errc::invalid_group_id);
    group_entry* entry = find_locked(request.group_id);
    bool from_outside = request.generation_id < 0 && request.member_id.empty();
    if (!entry && !from_outside) return fail_all(errc::unknown_member_id);
    if (!entry) entry = &entry_for_locked(request.group_id);
    std::error_code refused = entry->state.check_commit(request.generation_id, request.member_id,
                                                        request.group_instance_id, now);
    if (refused) return fail_all(refused);
    write.partition = partition_for(request.group_id);
    for (size_t index = 0; index < request.offsets.size(); ++index) {
      const offset_to_commit& each = request.offsets[index];
      if (outcome[index]) continue;
      if (each.metadata && each.metadata->size() > _config.groups.offset_metadata_max_bytes) {
        outcome[index] = errc::offset_metadata_too_large;
        continue;
      }
      write.records.push_back(offset_record(request.group_id, each.topic, each.partition,
                                            {.committed_offset = each.committed_offset,
                                             .leader_epoch = each.leader_epoch,
                                             .metadata = each.metadata,
                                             .commit_timestamp_ms = now}));
      written.push_back(index);
    }
    lock.unlock();
  }
  if (written.empty()) return done(std::move(outcome));
  append(std::move(write), [this, request = std::move(request), written = std::move(written),
                            outcome = std::move(outcome), done = std::move(done),
                            now](result<offset> appended) mutable {
    if (!appended) {
      spdlog::warn("committing offsets of group {}: {}", request.group_id,
                   appended.error_value().to_string());
      for (size_t index : written) outcome[index] = errc::coordinator_not_available;
      return done(std::move(outcome));
    }
    {
      std::lock_guard lock(_mutex);
      group_entry& entry = entry_for_locked(request.group_id);
      int64_t position = appended->value();
      for (size_t index : written) {
        const offset_to_commit& each = request.offsets[index];
        positioned_offset& slot = entry.offsets[{each.topic, each.partition}];
        // Commits finishing out of order: the later record in the log wins, as on rebuild.
        if (slot.log_position < position) {
          slot = {.value = {.committed_offset = each.committed_offset,
                            .leader_epoch = each.leader_epoch,
                            .metadata = each.metadata,
                            .commit_timestamp_ms = now},
                  .log_position = position};
        }
        ++position;
      }
    }
    done(std::move(outcome));
  });
}

std::vector<fetched_offset> group_coordinator::fetch_offsets(
    const std::string& group_id, const std::optional<std::vector<topic_partition_key>>& partitions,
    bool require_stable) {
  std::lock_guard lock(_mutex);
  group_entry* entry = find_locked(group_id);
  auto pending = [&](const topic_partition_key& key) {
    if (!entry || !require_stable) return false;
    for (const auto& [producer_id, transaction] : entry->transactions) {
      if (transaction.offsets.contains(key)) return true;
    }
    return false;
  };
  std::vector<fetched_offset> fetched;
  auto add = [&](const topic_partition_key& key, const committed_offset* value) {
    fetched_offset& each = fetched.emplace_back();
    each.topic = key.topic;
    each.partition = key.partition;
    if (value) each.value = *value;
    if (pending(key)) each.error = errc::unstable_offset_commit;
  };
  if (!partitions) {
    if (entry) {
      for (const auto& [key, slot] : entry->offsets) add(key, &slot.value);
    }
    return fetched;
  }
  for (const topic_partition_key& key : *partitions) {
    const committed_offset* value = nullptr;
    if (entry) {
      auto found = entry->offsets.find(key);
      if (found != entry->offsets.end()) value = &found->second.value;
    }
    add(key, value);
  }
  return fetched;
}

void group_coordinator::delete_offsets(
    const std::string& group_id, std::vector<topic_partition_key> partitions,
    std::function<void(std::error_code, std::vector<std::error_code>)> done) {
  std::vector<std::error_code> outcome(partitions.size());
  pending_write write{.partition = partition_for(group_id)};
  std::unique_lock lock(_mutex);
  auto refuse = [&](std::error_code code) {
    lock.unlock();  // `done` never runs under the lock
    done(code, {});
  };
  {
    if (_shut_down) return refuse(errc::coordinator_not_available);
    group_entry* entry = find_locked(group_id);
    if (!entry || entry->state.state() == group_state::dead) {
      return refuse(errc::group_id_not_found);
    }
    bool has_members = !entry->state.members().empty();
    if (has_members && entry->state.protocol_type() != "consumer") {
      return refuse(errc::non_empty_group);
    }
    std::set<std::string> subscribed = entry->state.subscribed_topics();
    for (size_t index = 0; index < partitions.size(); ++index) {
      const topic_partition_key& key = partitions[index];
      if (subscribed.contains(key.topic)) {
        outcome[index] = errc::group_subscribed_to_topic;
        continue;
      }
      if (entry->offsets.erase(key) > 0) {
        write.records.push_back(tombstone({.type = record_type::offset,
                                           .group_id = group_id,
                                           .topic = key.topic,
                                           .partition = key.partition},
                                          now_ms()));
      }
    }
    lock.unlock();
  }
  if (write.records.empty()) return done({}, std::move(outcome));
  append(std::move(write),
         [done = std::move(done), outcome = std::move(outcome)](result<offset> appended) mutable {
           if (!appended) {
             return done(errc::coordinator_not_available, std::vector<std::error_code>{});
           }
           done({}, std::move(outcome));
         });
}

void group_coordinator::delete_groups(std::vector<std::string> group_ids,
                                      std::function<void(std::vector<std::error_code>)> done) {
  std::vector<std::error_code> outcome(group_ids.size());
  std::map<int32_t, pending_write> writes;
  {
    std::lock_guard lock(_mutex);
    for (size_t index = 0; index < group_ids.size(); ++index) {
      const std::string& id = group_ids[index];
      if (_shut_down) {
        outcome[index] = errc::coordinator_not_available;
        continue;
      }
      group_entry* entry = find_locked(id);
      if (!entry || entry->state.state() == group_state::dead) {
        outcome[index] = errc::group_id_not_found;
        continue;
      }
      if (entry->state.state() != group_state::empty) {
        outcome[index] = errc::non_empty_group;
        continue;
      }
      int32_t partition = partition_for(id);
      pending_write& write = writes[partition];
      write.partition = partition;
      for (const auto& [key, slot] : entry->offsets) {
        write.records.push_back(tombstone({.type = record_type::offset,
                                           .group_id = id,
                                           .topic = key.topic,
                                           .partition = key.partition},
                                          now_ms()));
      }
      write.records.push_back(
          tombstone({.type = record_type::group_metadata, .group_id = id}, now_ms()));
      entry->state.mark_dead();
      _groups.erase(id);
    }
  }
  if (writes.empty()) return done(std::move(outcome));
  // Answered once every partition's tombstones are durable.
  struct shared_state {
    std::mutex mutex;
    size_t remaining = 0;
    std::vector<std::error_code> outcome;
    std::vector<std::string> group_ids;
    std::map<int32_t, bool> failed;
    std::function<void(std::vector<std::error_code>)> done;
  };
  auto state = std::make_shared<shared_state>();
  state->remaining = writes.size();
  state->outcome = std::move(outcome);
  state->group_ids = std::move(group_ids);
  state->done = std::move(done);
  for (auto& [partition, write] : writes) {
    append(std::move(write), [this, state, partition = partition](result<offset> appended) {
      std::unique_lock lock(state->mutex);
      if (!appended) state->failed[partition] = true;
      if (--state->remaining > 0) return;
      for (size_t index = 0; index < state->group_ids.size(); ++index) {
        if (!state->outcome[index] &&
            state->failed.contains(partition_for(state->group_ids[index]))) {
          state->outcome[index] = errc::coordinator_not_available;
        }
      }
      lock.unlock();
      state->done(std::move(state->outcome));
    });
  }
}

void group_coordinator::commit_transactional_offsets(const std::string& group_id,
                                                     int64_t producer_id, int16_t producer_epoch,
                                                     std::vector<offset_to_commit> offsets,
                                                     std::function<void(std::vector<status>)> done,
                                                     const committer& member) {
  auto failure = [](std::error_code code) { return status(error(code, code.message())); };
  std::vector<status> outcome(offsets.size());
  std::vector<std::error_code> missing = check_partitions_exist(offsets);
  int64_t now = now_ms();
  pending_write write{.partition = partition_for(group_id)};
  std::vector<size_t> written;
  {
    std::unique_lock lock(_mutex);
    std::error_code refused;
    if (_shut_down) refused = errc::coordinator_not_available;
    if (group_id.empty()) refused = errc::invalid_group_id;
    if (!refused) {
      group_entry& entry = entry_for_locked(group_id);
      auto open = entry.transactions.find(producer_id);
      if (open != entry.transactions.end() && open->second.producer_epoch > producer_epoch) {
        refused = errc::invalid_producer_epoch;
      }
      if (!refused) {
        refused = entry.state.check_transactional_commit(member.generation_id, member.member_id,
                                                         member.group_instance_id);
      }
    }
    if (refused) {
      lock.unlock();  // `done` never runs under the lock
      std::fill(outcome.begin(), outcome.end(), failure(refused));
      return done(std::move(outcome));
    }
    for (size_t index = 0; index < offsets.size(); ++index) {
      const offset_to_commit& each = offsets[index];
      if (missing[index]) {
        outcome[index] = failure(missing[index]);
        continue;
      }
      if (each.metadata && each.metadata->size() > _config.groups.offset_metadata_max_bytes) {
        outcome[index] = failure(errc::offset_metadata_too_large);
        continue;
      }
      stored_pending_offset value{.producer_epoch = producer_epoch,
                                  .value = {.committed_offset = each.committed_offset,
                                            .leader_epoch = each.leader_epoch,
                                            .metadata = each.metadata,
                                            .commit_timestamp_ms = now}};
      // Until slice P's transactional batches are merged, these are plain records that carry
      // the producer id in the key and the epoch in the value (docs/consumer-groups.md).
      write.records.push_back({.key = encode_key({.type = record_type::pending_offset,
                                                  .group_id = group_id,
                                                  .topic = each.topic,
                                                  .partition = each.partition,
                                                  .producer_id = producer_id}),
                               .value = encode_pending_offset(value),
                               .timestamp = now});
      written.push_back(index);
    }
  }
  if (written.empty()) return done(std::move(outcome));
  append(std::move(write), [this, group_id, producer_id, producer_epoch, now,
                            offsets = std::move(offsets), written = std::move(written),
                            outcome = std::move(outcome), done = std::move(done),
                            failure](result<offset> appended) mutable {
    if (!appended) {
      for (size_t index : written) outcome[index] = failure(errc::coordinator_not_available);
      return done(std::move(outcome));
    }
    {
      std::unique_lock lock(_mutex);
      pending_transaction& transaction = entry_for_locked(group_id).transactions[producer_id];
      if (!transaction.hold(producer_epoch)) {
        // A newer epoch took the producer over while this was being written: these offsets
        // belong to a transaction that is over (the log replay drops them the same way).
        for (size_t index : written) outcome[index] = failure(errc::invalid_producer_epoch);
        lock.unlock();
        return done(std::move(outcome));
      }
      for (size_t index : written) {
        const offset_to_commit& each = offsets[index];
        transaction.offsets[{each.topic, each.partition}] = {
            .committed_offset = each.committed_offset,
            .leader_epoch = each.leader_epoch,
            .metadata = each.metadata,
            .commit_timestamp_ms = now};
      }
    }
    done(std::move(outcome));
  });
}

void group_coordinator::complete_transaction(const std::string& group_id, int64_t producer_id,
                                             bool commit, std::function<void(status)> done) {
  int64_t now = now_ms();
  pending_write write{.partition = partition_for(group_id)};
  uint64_t completion = 0;
  {
    // Not refused after shutdown(): it finishes a transaction already decided, and the
    // transaction coordinator's shutdown waits for it (wait_for_writes() then for its append).
    std::unique_lock lock(_mutex);
    group_entry* entry = find_locked(group_id);
    pending_transaction* open = entry ? find_pending(*entry, producer_id) : nullptr;
    if (!open) {
      // Nothing pending: already settled (a completion redone after a restart), or the
      // transaction committed no offsets of this group.
      lock.unlock();
      return done(ok_status());
    }
    completion = open->completing = ++_completion_counter;
    // One batch: the end marker and, for a commit, the offsets as ordinary committed offsets,
    // so compaction of the pending records never loses a committed offset.
    write.records.push_back({.key = encode_key({.type = record_type::transaction_end,
                                                .group_id = group_id,
                                                .producer_id = producer_id}),
                             .value = encode_transaction_end(commit),
                             .timestamp = now});
    if (commit) {
      for (const auto& [key, value] : open->offsets) {
        write.records.push_back(offset_record(group_id, key.topic, key.partition, value));
      }
    }
  }
  append(std::move(write), [this, group_id, producer_id, commit, completion,
                            done = std::move(done)](result<offset> appended) {
    if (!appended) {
      // The pending offsets stay pending (RequireStable keeps answering UNSTABLE); the
      // transaction coordinator does not record the outcome complete and tries again.
      spdlog::warn("writing the outcome of producer {}'s offsets for group {}: {}", producer_id,
                   group_id, appended.error_value().to_string());
      return done(error(errc::coordinator_not_available,
                        fmt::format("could not write the outcome of producer {}'s offsets for "
                                    "group '{}' durably: {}",
                                    producer_id, group_id, appended.error_value().message())));
    }
    {
      std::lock_guard lock(_mutex);
      group_entry* entry = find_locked(group_id);
      pending_transaction* open = entry ? find_pending(*entry, producer_id) : nullptr;
      if (open && open->completing == completion) {
        int64_t position = appended->value() + 1;  // the marker comes first
        if (commit) {
          for (const auto& [key, value] : open->offsets) {
            positioned_offset& slot = entry->offsets[key];
            if (slot.log_position < position) slot = {.value = value, .log_position = position};
            ++position;
          }
        }
        entry->transactions.erase(producer_id);
      }
    }
    done(ok_status());
  });
}

}  // namespace eventioz::groups
