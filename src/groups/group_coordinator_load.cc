// Opening the coordinator: __consumer_offsets is created when missing, then every partition is
// read from its start and its records replayed in order, which rebuilds the groups and their
// offsets. Also the one append path every write takes.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cluster/errc.h"
#include "groups/group_coordinator.h"

namespace eventioz::groups {

result<std::unique_ptr<group_coordinator>> group_coordinator::open(cluster::topic_manager& topics,
                                                                   coordinator_config config) {
  auto existing = topics.find_topic(offsets_topic_name);
  int32_t partition_count = 0;
  if (existing) {
    partition_count = existing->partition_count;
  } else {
    auto created = topics.create_topic(
        {.name = offsets_topic_name,
         .partition_count = config.offsets_topic_partitions,
         // Compaction works on sealed segments: smaller ones (Kafka's
         // offsets.topic.segment.bytes) keep the log, and the replay at start, short.
         .configs = {{"cleanup.policy", "compact"}, {"segment.bytes", "104857600"}},
         .internal = true});
    if (!created) {
      return created.error_value().with_context(
          fmt::format("creating the internal topic {}", offsets_topic_name));
    }
    partition_count = created->partition_count;
  }
  std::vector<std::shared_ptr<cluster::partition>> partitions;
  for (int32_t index = 0; index < partition_count; ++index) {
    auto found = topics.get_partition(offsets_topic_name, index);
    if (!found) {
      return found.error_value().with_context(
          fmt::format("opening {}-{}", offsets_topic_name, index));
    }
    partitions.push_back(*found);
  }
  std::unique_ptr<group_coordinator> coordinator(
      new group_coordinator(topics, std::move(config), std::move(partitions)));
  EVENTIOZ_RETURN_IF_ERROR(coordinator->rebuild());
  return coordinator;
}

status group_coordinator::rebuild() {
  for (const auto& partition : _partitions) {
    auto rebuilt = rebuild_partition(*partition);
    if (!rebuilt) {
      return rebuilt.error_value().with_context(fmt::format(
          "rebuilding consumer groups from {}-{}", offsets_topic_name, partition->id().partition));
    }
  }
  size_t offsets = 0;
  for (const auto& [id, entry] : _groups) offsets += entry->offsets.size();
  if (!_groups.empty()) {
    spdlog::info("consumer groups: {} groups with {} committed offsets rebuilt from {}",
                 _groups.size(), offsets, offsets_topic_name);
  }
  return ok_status();
}

void group_coordinator::skip_undecodable(const cluster::partition& partition, offset position,
                                         const error& failure) {
  spdlog::error(
      "consumer groups: skipping the undecodable record at offset {} of {}-{} ({}); the group "
      "it belonged to may have lost one offset commit or its metadata. Inspect it with "
      "`eventioz consume {} --partition {} --offset {} --count 1 --format json`",
      position.value(), offsets_topic_name, partition.id().partition, failure.to_string(),
      offsets_topic_name, partition.id().partition, position.value());
}

status group_coordinator::rebuild_partition(cluster::partition& partition) {
  storage::partition_log& log = partition.log();
  offset next = log.log_start_offset();
  offset end = partition.high_watermark();
  while (next < end) {
    auto read = log.read_verified({.start = next, .max_bytes = 1 << 20, .end = end});
    if (!read) return read.error_value();
    byte_span remaining(*read);
    if (remaining.empty()) break;
    while (!remaining.empty()) {
      auto header = model::parse_batch_header(remaining);
      if (!header) return header.error_value();
      byte_span batch = remaining.first(header->size_bytes());
      remaining = remaining.subspan(header->size_bytes());
      next = header->last_offset() + 1;
      if (header->is_control()) continue;
      // A record that does not decode is skipped, loudly: one group's commit lost is better
      // than a broker that cannot start (docs/consumer-groups.md). Clients cannot write here,
      // so this means damage or a bug; storage-level corruption above still stops the start.
      auto records = model::read_records(batch, 64u << 20);
      if (!records) {
        skip_undecodable(partition, header->base_offset, records.error_value());
        continue;
      }
      for (const model::record& each : *records) {
        if (!each.key) continue;
        auto key = decode_key(*each.key);
        if (!key) {
          skip_undecodable(partition, each.record_offset, key.error_value());
          continue;
        }
        apply_record(*key, each.value, each.record_offset.value());
      }
    }
  }
  return ok_status();
}

void group_coordinator::apply_record(const record_key& key, const std::optional<byte_buffer>& value,
                                     int64_t position) {
  switch (key.type) {
    case record_type::offset: {
      topic_partition_key partition{key.topic, key.partition};
      if (!value) {
        if (group_entry* entry = find_locked(key.group_id)) entry->offsets.erase(partition);
        return;
      }
      auto decoded = decode_offset(*value);
      if (!decoded) {
        spdlog::warn("skipping a damaged offset of group {}: {}", key.group_id,
                     decoded.error_value().to_string());
        return;
      }
      entry_for_locked(key.group_id).offsets[partition] = {.value = *decoded,
                                                           .log_position = position};
      return;
    }
    case record_type::group_metadata: {
      if (!value) {
        // Deleted; offsets have tombstones of their own, written before this one.
        _groups.erase(key.group_id);
        return;
      }
      auto decoded = decode_group(*value);
      if (!decoded) {
        spdlog::warn("skipping damaged metadata of group {}: {}", key.group_id,
                     decoded.error_value().to_string());
        return;
      }
      entry_for_locked(key.group_id)
          .state.restore(decoded->generation_id, decoded->protocol_type, decoded->protocol_name);
      return;
    }
    case record_type::pending_offset: {
      if (!value) return;
      auto decoded = decode_pending_offset(*value);
      if (!decoded) return;
      pending_transaction& transaction =
          entry_for_locked(key.group_id).transactions[key.producer_id];
      // A newer epoch drops what an older one left pending (as when the commit was made).
      if (!transaction.hold(decoded->producer_epoch)) return;
      transaction.offsets[{key.topic, key.partition}] = decoded->value;
      return;
    }
    case record_type::transaction_end: {
      // The committed offsets follow the marker as offset records of their own.
      if (group_entry* entry = find_locked(key.group_id)) {
        entry->transactions.erase(key.producer_id);
      }
      return;
    }
  }
}

void group_coordinator::append(pending_write write, std::function<void(result<offset>)> done) {
  auto batch = model::build_batch(write.records, {});
  if (!batch) return done(batch.error_value());
  cluster::partition& target = *_partitions.at(static_cast<size_t>(write.partition));
  auto bytes = std::make_shared<byte_buffer>(std::move(*batch));
  mutable_byte_span span(*bytes);
  {
    std::lock_guard lock(_mutex);
    ++_writes_in_flight;
  }
  target.append(std::span<const mutable_byte_span>(&span, 1),
                [this, bytes, done = std::move(done)](result<offset> appended) {
                  done(appended);
                  {
                    std::lock_guard lock(_mutex);
                    --_writes_in_flight;
                  }
                  _writes_done.notify_all();
                });
}

size_t group_coordinator::wait_for_writes(std::chrono::milliseconds bound) {
  std::unique_lock lock(_mutex);
  _writes_done.wait_for(lock, bound, [this] { return _writes_in_flight == 0; });
  return _writes_in_flight;
}

}  // namespace eventioz::groups
