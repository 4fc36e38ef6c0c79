// What the admin client's consumer-group calls take and return: plain data, independent of
// the wire format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/member_assignment.h"

namespace eventioz::client {

struct group_listing {
  std::string group_id;
  std::string state;          // "Empty", "Stable", "PreparingRebalance", ...
  std::string protocol_type;  // "consumer" for consumer groups; empty for a group of offsets only
};

struct group_member {
  std::string member_id;
  std::optional<std::string> group_instance_id;  // static membership
  std::string client_id;
  std::string client_host;
  // The partitions the leader gave the member, decoded when the group's protocol type is
  // "consumer"; nullopt for other protocol types, or with `assignment_error` when the bytes
  // were not a MemberAssignment.
  std::optional<member_assignment> assignment;
  std::optional<error> assignment_error;
};

struct group_description {
  std::string group_id;
  std::string state;  // "Dead" when the broker knows no such group
  std::string protocol_type;
  std::string protocol;  // the chosen assignor, e.g. "range"; empty unless Stable
  std::vector<group_member> members;
  int32_t coordinator_id = -1;
};

struct committed_offset {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = -1;
  std::optional<std::string> metadata;
};

struct offset_to_set {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
};

}  // namespace eventioz::client
