// Encoding and decoding the stream index's keys and values (layout in index_keys.h).
#include "eventstore/index_keys.h"

#include "eventstore/errc.h"

namespace eventioz::eventstore {
namespace {

void put_u32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

std::optional<uint32_t> get_u32(std::string_view bytes, size_t* at) {
  if (*at > bytes.size() || bytes.size() - *at < 4) return std::nullopt;
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[*at + i]);
  *at += 4;
  return value;
}

void put_field(std::string& out, std::string_view field) {
  put_u32(out, static_cast<uint32_t>(field.size()));
  out.append(field);
}

bool get_field(std::string_view bytes, size_t* at, std::string* field) {
  auto size = get_u32(bytes, at);
  if (!size || bytes.size() - *at < *size) return false;
  field->assign(bytes.substr(*at, *size));
  *at += *size;
  return true;
}

error corrupt(std::string_view what) {
  return error(errc::index_failed,
               std::string("the event store index holds a damaged ") + std::string(what) +
                   "; stop the broker and delete <data>/eventstore/index to rebuild it");
}

}  // namespace

partition_key::partition_key(std::string_view topic, int32_t partition)
    : _topic(topic), _partition(partition) {
  _encoded.append(topic);
  _encoded.push_back('\0');
  put_u32(_encoded, static_cast<uint32_t>(partition));
}

std::string partition_key::prefix(char tag) const {
  std::string key(1, tag);
  key += _encoded;
  return key;
}

std::string topic_prefix(char tag, std::string_view topic) {
  std::string key(1, tag);
  key.append(topic);
  key.push_back('\0');
  return key;
}

std::string watermark_key(const partition_key& partition) { return partition.prefix('W'); }

std::string head_key(const partition_key& partition, std::string_view stream) {
  return partition.prefix('H').append(stream);
}

std::string stream_events_prefix(const partition_key& partition, std::string_view stream) {
  std::string key = partition.prefix('V');
  put_u32(key, static_cast<uint32_t>(stream.size()));
  return key.append(stream);
}

std::string event_key(const partition_key& partition, std::string_view stream, int64_t version) {
  std::string key = stream_events_prefix(partition, stream);
  put_u64(key, static_cast<uint64_t>(version));
  return key;
}

std::string offset_key(const partition_key& partition, int64_t offset) {
  std::string key = partition.prefix('O');
  put_u64(key, static_cast<uint64_t>(offset));
  return key;
}

std::string event_id_key(const partition_key& partition, std::string_view id) {
  return partition.prefix('E').append(id);
}

std::string stream_snapshots_prefix(const partition_key& partition, std::string_view stream) {
  std::string key = partition.prefix('S');
  put_u32(key, static_cast<uint32_t>(stream.size()));
  return key.append(stream);
}

std::string snapshot_prefix(const partition_key& partition, std::string_view stream,
                            std::string_view identity) {
  std::string key = stream_snapshots_prefix(partition, stream);
  key.append(identity);
  key.push_back('\0');
  return key;
}

std::string snapshot_key(const partition_key& partition, std::string_view stream,
                         std::string_view identity, int64_t version) {
  std::string key = snapshot_prefix(partition, stream, identity);
  put_u64(key, static_cast<uint64_t>(version));
  return key;
}

std::string deleted_key(const partition_key& partition, std::string_view stream) {
  return partition.prefix('D').append(stream);
}

std::string prefix_end(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<uint8_t>(prefix.back());
    if (last != 0xff) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return std::string(1, '\xff');  // unreachable for the tagged prefixes used here
}

void put_u64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

std::optional<uint64_t> get_u64(std::string_view bytes, size_t* at) {
  if (*at > bytes.size() || bytes.size() - *at < 8) return std::nullopt;
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[*at + i]);
  *at += 8;
  return value;
}

int64_t version_suffix(std::string_view key) {
  size_t at = key.size() - 8;
  return static_cast<int64_t>(*get_u64(key, &at));
}

std::string encode_head(const stream_head& head) {
  std::string out;
  put_u64(out, static_cast<uint64_t>(head.next_version));
  out.push_back(head.deleted ? 1 : 0);
  put_u64(out, static_cast<uint64_t>(head.tombstone_offset));
  return out;
}

result<stream_head> decode_head(std::string_view bytes) {
  size_t at = 0;
  auto next = get_u64(bytes, &at);
  if (!next || at >= bytes.size()) return corrupt("stream head");
  bool deleted = bytes[at++] != 0;
  auto tombstone = get_u64(bytes, &at);
  if (!tombstone) return corrupt("stream head");
  return stream_head{static_cast<int64_t>(*next), deleted, static_cast<int64_t>(*tombstone)};
}

std::string encode_event(const stored_event& event) {
  std::string out;
  out.reserve(16 + 9 * 4 + event.data.size() + event.id.size() + event.type.size() + 64);
  put_u64(out, static_cast<uint64_t>(event.offset));
  put_u64(out, static_cast<uint64_t>(event.timestamp_ms));
  for (const std::string* field :
       {&event.id, &event.type, &event.source, &event.subject, &event.time, &event.content_type,
        &event.correlation_id, &event.causation_id, &event.data}) {
    put_field(out, *field);
  }
  return out;
}

result<stored_event> decode_event(std::string_view bytes) {
  stored_event event;
  size_t at = 0;
  auto offset = get_u64(bytes, &at);
  auto timestamp = get_u64(bytes, &at);
  if (!offset || !timestamp) return corrupt("event");
  event.offset = static_cast<int64_t>(*offset);
  event.timestamp_ms = static_cast<int64_t>(*timestamp);
  for (std::string* field :
       {&event.id, &event.type, &event.source, &event.subject, &event.time, &event.content_type,
        &event.correlation_id, &event.causation_id, &event.data}) {
    if (!get_field(bytes, &at, field)) return corrupt("event");
  }
  return event;
}

std::string encode_location(const event_location& location) {
  std::string out;
  put_u64(out, static_cast<uint64_t>(location.version));
  put_u64(out, static_cast<uint64_t>(location.offset));
  out.append(location.stream);
  return out;
}

result<event_location> decode_location(std::string_view bytes) {
  size_t at = 0;
  auto version = get_u64(bytes, &at);
  auto offset = get_u64(bytes, &at);
  if (!version || !offset) return corrupt("event location");
  return event_location{std::string(bytes.substr(at)), static_cast<int64_t>(*version),
                        static_cast<int64_t>(*offset)};
}

}  // namespace eventioz::eventstore
