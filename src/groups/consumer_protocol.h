// The "consumer" protocol's assignment bytes (Kafka's ConsumerProtocolAssignment), which a
// group's leader sends in SyncGroup and the coordinator keeps opaque: decoded here for those who
// show a group to people (the HTTP API, the console), and encoded for tests.
//
// Layout (classic, non-flexible encoding, every version so far):
//   version int16 (>= 0) | topics: int32 count, each [name: int16 length + bytes,
//   partitions: int32 count + int32 each] | user_data: int32 length + bytes (-1 = null)
// Versions 0-3 share these fields; a newer version may append fields, which are ignored (as
// Kafka's own clients read newer versions), so only the fields above must be present.
//
// The bytes come from a client: every length and count is checked against the bytes left
// before anything is read or allocated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace eventioz::groups {

struct assigned_partitions {
  std::string topic;
  std::vector<int32_t> partitions;
  bool operator==(const assigned_partitions&) const = default;
};

struct consumer_assignment {
  int16_t version = 0;
  std::vector<assigned_partitions> topics;
  std::optional<byte_buffer> user_data;
  bool operator==(const consumer_assignment&) const = default;
};

// Empty bytes (a member not assigned yet): an empty assignment. Errors (std::errc::bad_message,
// with what was wrong and where): a negative version, a negative or too-large count or length,
// bytes ending inside a field.
result<consumer_assignment> decode_consumer_assignment(byte_span bytes);

byte_buffer encode_consumer_assignment(const consumer_assignment& assignment);

}  // namespace eventioz::groups
