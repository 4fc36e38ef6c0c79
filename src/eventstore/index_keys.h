// The key layout of the stream index (RocksDB; stream_index.h). Every key starts with a tag
// byte, then the partition: topic, a 0 byte (topic names never hold one), the partition as 4
// big-endian bytes. Big-endian numbers make RocksDB's byte order the numeric order.
//
//   'W' P                         -> u64 next offset to index (the index covers the log below)
//   'H' P stream                  -> head: u64 next version, u8 deleted, u64 tombstone offset
//   'V' P u32 len stream u64 ver  -> event: u64 offset, u64 timestamp, the attributes and data
//                                    (each u32 length + bytes: id, type, source, subject, time,
//                                    content_type, correlation_id, causation_id, data)
//   'O' P u64 offset              -> u64 version, stream (which event an offset holds)
//   'E' P event id                -> u64 version, u64 offset, stream (idempotent retries)
//   'S' P u32 len stream identity 0 u64 ver -> snapshot: u64 timestamp, state JSON text
//   'D' P stream                  -> u64 tombstone offset (deleted streams the log still holds)
// On disk (do not change without a rebuild: the index is derived, so a new layout can simply
// drop and rebuild it; bump index_format_version).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "eventstore/event_envelope.h"

namespace eventioz::eventstore {

inline constexpr int index_format_version = 1;

// A store partition's key prefix (without the tag).
class partition_key {
 public:
  partition_key(std::string_view topic, int32_t partition);
  const std::string& topic() const { return _topic; }
  int32_t partition() const { return _partition; }
  // tag + topic + 0 + partition.
  std::string prefix(char tag) const;

 private:
  std::string _topic;
  int32_t _partition;
  std::string _encoded;  // topic + 0 + partition
};

// tag + topic + 0: every key of a topic under one tag starts with this.
std::string topic_prefix(char tag, std::string_view topic);

std::string watermark_key(const partition_key& partition);
std::string head_key(const partition_key& partition, std::string_view stream);
// Without the version: the prefix of all of a stream's events.
std::string stream_events_prefix(const partition_key& partition, std::string_view stream);
std::string event_key(const partition_key& partition, std::string_view stream, int64_t version);
std::string offset_key(const partition_key& partition, int64_t offset);
std::string event_id_key(const partition_key& partition, std::string_view id);
std::string snapshot_prefix(const partition_key& partition, std::string_view stream,
                            std::string_view identity);
std::string snapshot_key(const partition_key& partition, std::string_view stream,
                         std::string_view identity, int64_t version);
// Without the identity: every snapshot of a stream (deletion).
std::string stream_snapshots_prefix(const partition_key& partition, std::string_view stream);
std::string deleted_key(const partition_key& partition, std::string_view stream);

// The smallest key greater than every key starting with `prefix`.
std::string prefix_end(std::string prefix);

void put_u64(std::string& out, uint64_t value);
// Reads a u64 at `*at` and advances it; nullopt when fewer than 8 bytes remain.
std::optional<uint64_t> get_u64(std::string_view bytes, size_t* at);
// The version at the end of an event or snapshot key.
int64_t version_suffix(std::string_view key);

struct stream_head {
  int64_t next_version = 0;  // versions 0..next_version-1 exist
  bool deleted = false;
  int64_t tombstone_offset = -1;
};
std::string encode_head(const stream_head& head);
result<stream_head> decode_head(std::string_view bytes);

// The value of an 'V' key: the event without stream/version/partition (they are in the key).
std::string encode_event(const stored_event& event);
result<stored_event> decode_event(std::string_view bytes);

struct event_location {
  std::string stream;
  int64_t version = -1;
  int64_t offset = -1;
};
std::string encode_location(const event_location& location);
result<event_location> decode_location(std::string_view bytes);

}  // namespace eventioz::eventstore
