// Admission, pending state and indexing of one store partition (see stream_partition.h).
#include "eventstore/stream_partition.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unordered_set>

#include "eventstore/errc.h"
#include "eventstore/index_writer.h"
#include "model/murmur2.h"

namespace eventioz::eventstore {
namespace {

// Decompressed bytes allowed per batch (as Kafka produce allows).
constexpr size_t decompressed_batch_size_max = 64 << 20;
// Heads kept in memory beyond the streams with pending events.
constexpr size_t cached_heads_max = 100'000;

std::string shown(std::string_view stream) {
  if (stream.size() <= 64) return std::string(stream);
  return std::string(stream.substr(0, 64)) + "...";
}

}  // namespace

stream_partition::stream_partition(partition_key key, int32_t partition_count,
                                   std::shared_ptr<storage::partition_log> log, stream_index& index)
    : _key(std::move(key)),
      _partition_count(partition_count),
      _log(std::move(log)),
      _index(index) {}

void stream_partition::close() {
  std::lock_guard lock(_mutex);
  _closed = true;
}

int64_t stream_partition::indexed_offset() const {
  std::lock_guard lock(_mutex);
  return _watermark;
}

result<stream_head> stream_partition::head_locked(const std::string& stream) {
  auto found = _heads.find(stream);
  if (found != _heads.end()) return found->second;
  EVENTIOZ_TRY(stream_head head, _index.head(_key, stream));
  if (_heads.size() >= cached_heads_max) forget_settled_heads_locked();
  _heads.emplace(stream, head);
  return head;
}

result<cluster::admission> stream_partition::admit(std::span<const mutable_byte_span> batches,
                                                   cluster::append_note* note) {
  std::lock_guard lock(_mutex);
  if (_closed) {
    return error(errc::store_not_found, fmt::format("store '{}' is being deleted", _key.topic()));
  }
  // An fsync failed and the log will cut its undurable tail at the next append: what is pending
  // here may be gone. Wait until every admitted append has heard so (then start again from the
  // log), and never answer a retry from pending state meanwhile.
  bool repairing = _log->needs_repair();
  if (repairing && !_tickets.empty()) _failed = true;
  if (_failed) {
    if (!_tickets.empty()) {
      return error(errc::index_failed,
                   fmt::format("a write to {}-{} failed; the store is recovering: retry",
                               _key.topic(), _key.partition()));
    }
    forget_locked();
  }
  if (!_caught_up) EVENTIOZ_RETURN_IF_ERROR(catch_up_locked());
  auto* store_note = dynamic_cast<store_append_note*>(note);

  std::vector<pending_event> admitted;
  ticket_state ticket;
  // Under the partition's append lock nothing else appends: the first batch lands here (the
  // durable end when the log first cuts a failed tail).
  ticket.expected_base =
      repairing ? _log->durable_end_offset().value() : _log->log_end_offset().value();
  std::unordered_map<std::string, stream_head> heads;  // as this append leaves them
  for (size_t b = 0; b < batches.size(); ++b) {
    auto header = model::parse_batch_header(batches[b]);
    if (!header) return header.error_value();
    if (header->is_transactional()) {
      return error(errc::transactional_write,
                   fmt::format("event store '{}' does not take transactional writes; produce "
                               "without a transactional.id",
                               _key.topic()));
    }
    ticket.last_offset_deltas.push_back(header->last_offset_delta);
    EVENTIOZ_TRY(auto records, model::read_records(batches[b], decompressed_batch_size_max));
    for (model::record& record : records) {
      if (!record.key || record.key->empty()) {
        return error(errc::invalid_event,
                     fmt::format("event store '{}' takes only records with a key (the stream "
                                 "id); this one has none",
                                 _key.topic()));
      }
      std::string stream(reinterpret_cast<const char*>(record.key->data()), record.key->size());
      if (b == 0 && admitted.empty() && store_note && !store_note->event_ids.empty()) {
        EVENTIOZ_TRY(auto retry, check_retry_locked(stream, *store_note));
        if (retry) return *retry;
      }
      auto working = heads.find(stream);
      if (working == heads.end()) {
        EVENTIOZ_TRY(stream_head head, head_locked(stream));
        working = heads.emplace(stream, head).first;
      }
      stream_head& head = working->second;
      event_attributes attributes = attributes_of(record);
      if (auto refused = check_record(stream, head, attributes, store_note)) return *refused;
      pending_event pending;
      pending.batch_index = b;
      pending.offset_delta = record.record_offset.value() - header->base_offset.value();
      if (attributes.tombstone) {
        head.deleted = true;
        pending.tombstone = true;
        pending.next_version = head.next_version;
        pending.event.stream = stream;
      } else {
        pending.event = event_of(record);
        pending.event.offset = -1;  // the log places it (assigned)
        pending.event.stream = stream;
        pending.event.version = head.next_version++;
        pending.event.partition = _key.partition();
        if (store_note) {
          if (store_note->first_version < 0) store_note->first_version = pending.event.version;
          store_note->last_version = pending.event.version;
        }
      }
      admitted.push_back(std::move(pending));
    }
  }

  uint64_t number = _next_ticket++;
  for (auto& [stream, head] : heads) _heads[stream] = head;
  for (pending_event& pending : admitted) {
    pending.ticket = number;
    if (!pending.tombstone && !pending.event.id.empty()) {
      _pending_ids[pending.event.id] =
          event_location{pending.event.stream, pending.event.version, -1};
    }
    _pending.push_back(std::move(pending));
  }
  _tickets.emplace(number, std::move(ticket));
  return cluster::admission{.ticket = number};
}

result<std::optional<cluster::admission>> stream_partition::check_retry_locked(
    const std::string& stream, store_append_note& note) {
  auto locate = [&](const std::string& id) -> result<std::optional<event_location>> {
    if (id.empty()) return std::optional<event_location>();
    auto pending = _pending_ids.find(id);
    if (pending != _pending_ids.end()) return std::optional(pending->second);
    return _index.find_event_id(_key, id);
  };
  EVENTIOZ_TRY(auto first, locate(note.event_ids.front()));
  if (!first) {
    // A new append, unless a later id was used before (a partial overlap).
    for (size_t i = 1; i < note.event_ids.size(); ++i) {
      EVENTIOZ_TRY(auto other, locate(note.event_ids[i]));
      if (other) {
        return error(errc::event_id_conflict,
                     fmt::format("event id '{}' was already appended (stream '{}', version {}), "
                                 "but the first event's id was not; give every event a new id",
                                 note.event_ids[i], shown(other->stream), other->version));
      }
    }
    return std::optional<cluster::admission>();
  }
  std::vector<event_location> originals{*first};
  for (size_t i = 1; i < note.event_ids.size(); ++i) {
    EVENTIOZ_TRY(auto other, locate(note.event_ids[i]));
    if (!other) break;
    originals.push_back(*other);
  }
  bool same = originals.size() == note.event_ids.size();
  for (size_t i = 0; same && i < originals.size(); ++i) {
    same = originals[i].stream == stream && originals[i].version == first->version + int64_t(i) &&
           originals[i].offset >= 0;
  }
  if (!same) {
    return error(errc::event_id_conflict,
                 fmt::format("event id '{}' was already appended to stream '{}' at version {} by "
                             "another append; a retry must repeat its append exactly (same "
                             "stream, same event ids), and a new append needs new ids",
                             note.event_ids.front(), shown(first->stream), first->version));
  }
  note.duplicate = true;
  note.first_version = originals.front().version;
  note.last_version = originals.back().version;
  return std::optional(
      cluster::admission{.duplicate_of = cluster::earlier_append{offset(originals.front().offset),
                                                                 offset(originals.back().offset)}});
}

std::optional<error> stream_partition::check_record(const std::string& stream,
                                                    const stream_head& head,
                                                    const event_attributes& attributes,
                                                    store_append_note* note) {
  int32_t home = model::partition_for_key(as_bytes(stream), _partition_count);
  if (home != _key.partition()) {
    return error(errc::invalid_event,
                 fmt::format("stream '{}' of store '{}' lives in partition {} (murmur2 of its id, "
                             "as Kafka's Java client places keys), not {}: send it without a "
                             "partition, with a murmur2 partitioner (librdkafka: "
                             "partitioner=murmur2_random), or through the store's HTTP API",
                             shown(stream), _key.topic(), home, _key.partition()));
  }
  int64_t current = head.next_version - 1;
  if (head.deleted) {
    if (note) note->current_version = current;
    return error(errc::stream_deleted,
                 fmt::format("stream '{}' of store '{}' was deleted{}", shown(stream), _key.topic(),
                             attributes.tombstone ? " already" : "; it takes no more events"));
  }
  if (attributes.tombstone && current < 0) {
    return error(errc::stream_not_found,
                 fmt::format("stream '{}' of store '{}' has no events: there is nothing to delete",
                             shown(stream), _key.topic()));
  }
  if (attributes.expected_malformed) {
    return error(errc::invalid_expected_version,
                 "the eventioz-expected-version header is not any, no_stream, exists or a "
                 "version number >= 0");
  }
  if (attributes.expected && !is_satisfied(*attributes.expected, current)) {
    if (note) note->current_version = current;
    return error(errc::wrong_expected_version,
                 fmt::format("stream '{}' is at version {}{}, but the append expected {}; read "
                             "the stream and retry against its current version",
                             shown(stream), current, current < 0 ? " (no events)" : "",
                             attributes.expected->to_string()));
  }
  return std::nullopt;
}

void stream_partition::assigned(uint64_t ticket, size_t batch_index, offset base) {
  std::lock_guard lock(_mutex);
  auto found = _tickets.find(ticket);
  if (found == _tickets.end()) return;
  if (batch_index == 0 && base.value() != found->second.expected_base) {
    // The log cut a failed tail after this was admitted: the versions given may be wrong.
    spdlog::warn("event store {}-{}: an append landed at offset {}, not {}: recovering",
                 _key.topic(), _key.partition(), base.value(), found->second.expected_base);
    found->second.doubtful = true;
    _failed = true;
  }
  int64_t last = base.value() + found->second.last_offset_deltas.at(batch_index);
  found->second.last_offset = std::max(found->second.last_offset, last);
  for (auto it = _pending.rbegin(); it != _pending.rend() && it->ticket >= ticket; ++it) {
    if (it->ticket != ticket || it->batch_index != batch_index) continue;
    it->event.offset = base.value() + it->offset_delta;
    if (!it->tombstone && !it->event.id.empty()) {
      auto id = _pending_ids.find(it->event.id);
      if (id != _pending_ids.end() && id->second.version == it->event.version) {
        id->second.offset = it->event.offset;
      }
    }
  }
}

status stream_partition::settled(uint64_t ticket, const status& outcome) {
  std::lock_guard lock(_mutex);
  auto found = _tickets.find(ticket);
  if (found == _tickets.end() || _closed) return ok_status();  // indexed earlier, or deleted
  auto in_doubt = [&] {
    return error(errc::index_failed,
                 fmt::format("a write to {}-{} failed meanwhile, so this append's versions are "
                             "in doubt; retry it with the same event ids (it is then found, or "
                             "written once)",
                             _key.topic(), _key.partition()));
  };
  if (!outcome || _failed) {
    if (!_failed) {
      spdlog::warn(
          "event store {}-{}: an append failed ({}); re-reading the log once the "
          "appends in flight have settled",
          _key.topic(), _key.partition(), outcome.error_value().message());
    }
    _failed = true;
    _tickets.erase(found);
    if (_tickets.empty()) forget_locked();
    return outcome ? status(in_doubt()) : ok_status();
  }
  // Durability is a prefix of the log: this notice covers every offset below the durable end.
  int64_t durable_end = std::max(found->second.last_offset + 1, _log->durable_end_offset().value());
  status indexed = index_pending_locked(durable_end);
  std::erase_if(_tickets, [&](const auto& entry) {
    return entry.first <= ticket ||
           (entry.second.last_offset >= 0 && entry.second.last_offset < durable_end);
  });
  if (!indexed) {
    spdlog::error("event store {}-{}: {}", _key.topic(), _key.partition(),
                  indexed.error_value().message());
    _failed = true;
    if (_tickets.empty()) forget_locked();
    return indexed;
  }
  return ok_status();
}

status stream_partition::index_pending_locked(int64_t durable_end) {
  // Everything below the durable end is indexed in one write, whichever ticket's notice came
  // first: one group commit of many appends costs one index write, and the later notices find
  // nothing left to do.
  index_writer writer(_index, _key);
  bool added = false;
  while (!_pending.empty() && _pending.front().event.offset >= 0 &&
         _pending.front().event.offset < durable_end) {
    pending_event& pending = _pending.front();
    if (pending.tombstone) {
      EVENTIOZ_RETURN_IF_ERROR(
          writer.add_tombstone(pending.event.stream, pending.next_version, pending.event.offset));
    } else {
      writer.add_event(pending.event);
      if (!pending.event.id.empty()) {
        auto id = _pending_ids.find(pending.event.id);
        if (id != _pending_ids.end() && id->second.version == pending.event.version &&
            id->second.stream == pending.event.stream) {
          _pending_ids.erase(id);
        }
      }
    }
    added = true;
    _pending.pop_front();
  }
  // Never past an event still pending: one the log has placed, or one it is placing (which lands
  // at its ticket's expected base or later).
  int64_t reach = durable_end;
  if (!_pending.empty()) {
    const pending_event& next = _pending.front();
    int64_t floor = next.event.offset;
    if (floor < 0) {
      auto owner = _tickets.find(next.ticket);
      floor = owner != _tickets.end() ? owner->second.expected_base : _watermark;
    }
    reach = std::min(reach, floor);
  }
  int64_t watermark = std::max(_watermark, reach);
  if (!added && watermark == _watermark) return ok_status();
  EVENTIOZ_RETURN_IF_ERROR(writer.commit(watermark));
  _watermark = watermark;
  return ok_status();
}

void stream_partition::forget_settled_heads_locked() {
  // Heads of streams with pending events are the only ones ahead of the index; the others are
  // read from it again when needed. (Clearing only when nothing is pending would never happen
  // under steady load, and the cache would grow with every stream ever written.)
  std::unordered_set<std::string_view> pending;
  for (const pending_event& event : _pending) pending.insert(event.event.stream);
  std::erase_if(_heads, [&](const auto& entry) { return !pending.contains(entry.first); });
}

void stream_partition::forget_locked() {
  _pending.clear();
  _pending_ids.clear();
  _heads.clear();
  _failed = false;
  _caught_up = false;
}

status stream_partition::catch_up() {
  std::lock_guard lock(_mutex);
  if (_closed) return ok_status();
  if (!_tickets.empty()) return ok_status();  // appends in flight keep it current
  if (_failed) forget_locked();
  if (_caught_up) return ok_status();
  return catch_up_locked();
}

status stream_partition::catch_up_locked() {
  EVENTIOZ_TRY(int64_t position, _index.watermark(_key));
  int64_t end = _log->committed_end_offset().value();
  if (position > end) {
    // The index knows offsets the log does not: the log was replaced or cut. Start over.
    spdlog::warn("event store {}-{}: the index is ahead of the log ({} > {}); rebuilding it",
                 _key.topic(), _key.partition(), position, end);
    EVENTIOZ_RETURN_IF_ERROR(_index.drop_partition(_key));
    position = 0;
  }
  position = std::max(position, _log->log_start_offset().value());
  _heads.clear();
  std::unordered_map<std::string, stream_head> heads;
  auto head_of = [&](const std::string& stream) -> result<stream_head*> {
    auto found = heads.find(stream);
    if (found == heads.end()) {
      EVENTIOZ_TRY(stream_head head, _index.head(_key, stream));
      found = heads.emplace(stream, head).first;
    }
    return &found->second;
  };
  while (position < end) {
    EVENTIOZ_TRY(byte_buffer chunk,
                 _log->read_verified({.start = offset(position), .end = offset(end)}));
    if (chunk.empty()) break;
    index_writer writer(_index, _key);
    byte_span rest(chunk);
    int64_t next = position;
    while (!rest.empty()) {
      EVENTIOZ_TRY(auto header, model::parse_batch_header(rest));
      byte_span batch = rest.first(header.size_bytes());
      rest = rest.subspan(header.size_bytes());
      next = header.last_offset().value() + 1;
      if (header.is_control()) continue;
      EVENTIOZ_TRY(auto records, model::read_records(batch, decompressed_batch_size_max));
      for (model::record& record : records) {
        if (record.record_offset.value() < position || !record.key || record.key->empty()) {
          continue;
        }
        std::string stream(reinterpret_cast<const char*>(record.key->data()), record.key->size());
        EVENTIOZ_TRY(stream_head * head, head_of(stream));
        if (head->deleted) continue;  // the guard refused those; older logs may hold some
        if (!record.value) {
          head->deleted = true;
          head->tombstone_offset = record.record_offset.value();
          EVENTIOZ_RETURN_IF_ERROR(
              writer.add_tombstone(stream, head->next_version, record.record_offset.value()));
          continue;
        }
        stored_event event = event_of(record);
        event.stream = stream;
        event.version = head->next_version++;
        event.partition = _key.partition();
        writer.add_event(event);
      }
    }
    EVENTIOZ_RETURN_IF_ERROR(writer.commit(next));
    if (next <= position) break;
    position = next;
  }
  _watermark = std::max<int64_t>(position, 0);
  _caught_up = true;
  return ok_status();
}

}  // namespace eventioz::eventstore
