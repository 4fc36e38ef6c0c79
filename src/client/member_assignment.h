// The consumer protocol's MemberAssignment: what the group leader hands each member in
// SyncGroup, and what DescribeGroups returns as opaque bytes for members of groups whose
// protocol type is "consumer". Layout (Kafka's ConsumerProtocolAssignment, every version so
// far):
//
//   version             int16
//   assigned_partitions [topic string(int16 length), partitions [int32]]
//   user_data           bytes (int32 length, -1 for null)
//
// Versions above 0 only add fields at the end, so bytes after user_data are ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace eventioz::client {

struct assigned_topic {
  std::string topic;
  std::vector<int32_t> partitions;

  bool operator==(const assigned_topic&) const = default;
};

struct member_assignment {
  int16_t version = 0;
  std::vector<assigned_topic> topics;
  std::optional<byte_buffer> user_data;

  bool operator==(const member_assignment&) const = default;
};

// Decodes `bytes`. Empty bytes (a member between rebalances has no assignment yet) decode as
// an assignment of nothing. Truncated or inconsistent bytes (a negative length, a count the
// bytes cannot hold) are errc::protocol_violation, never a partial answer.
result<member_assignment> decode_member_assignment(byte_span bytes);

// The bytes of `assignment`, as a group leader would send them.
byte_buffer encode_member_assignment(const member_assignment& assignment);

}  // namespace eventioz::client
