// What callers of the group coordinator send and receive: one struct per Kafka group API, in
// the coordinator's own terms (no wire types), so kafka/server translates and tests drive the
// coordinator without a socket. Errors are groups::errc values in `error` (empty = none).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "base/bytes.h"

namespace eventioz::groups {

enum class group_state { empty, preparing_rebalance, completing_rebalance, stable, dead };

// "Empty", "PreparingRebalance", ... as Kafka's DescribeGroups and ListGroups spell them.
const char* state_name(group_state state);

struct topic_partition_key {
  std::string topic;
  int32_t partition = 0;
  auto operator<=>(const topic_partition_key&) const = default;
};

struct protocol_choice {
  std::string name;
  byte_buffer metadata;
};

struct join_request {
  std::string group_id;
  std::string member_id;  // empty for a member joining for the first time
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string client_host;
  int32_t session_timeout_ms = 10'000;
  int32_t rebalance_timeout_ms = -1;  // -1: the session timeout (JoinGroup v0)
  std::string protocol_type;
  std::vector<protocol_choice> protocols;  // in the member's order of preference
  // JoinGroup v4+: a new member first gets MEMBER_ID_REQUIRED and its id, then rejoins.
  bool require_known_member_id = false;
};

struct join_member {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  byte_buffer metadata;  // for the chosen protocol
};

struct join_result {
  std::error_code error;
  int32_t generation_id = -1;
  std::string protocol_name;
  std::string leader_id;
  std::string member_id;
  std::vector<join_member> members;  // the leader's answer only
};

struct sync_request {
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::vector<std::pair<std::string, byte_buffer>> assignments;  // from the leader only
};

struct sync_result {
  std::error_code error;
  byte_buffer assignment;
};

struct heartbeat_request {
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
};

struct leaving_member {
  std::string member_id;  // may be empty for a static member named by its instance id
  std::optional<std::string> group_instance_id;
};

struct leave_result {
  std::error_code error;                                            // for the whole request
  std::vector<std::pair<leaving_member, std::error_code>> members;  // one per member asked
};

struct offset_to_commit {
  std::string topic;
  int32_t partition = 0;
  int64_t committed_offset = -1;
  int32_t leader_epoch = -1;
  std::optional<std::string> metadata;
};

// Who commits transactional offsets (TxnOffsetCommit v3+, KIP-447); generation_id -1: not
// checked (older clients, or a producer outside the group).
struct committer {
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
};

struct commit_request {
  std::string group_id;
  int32_t generation_id = -1;  // -1 with an empty member id: a commit from outside the group
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::vector<offset_to_commit> offsets;
};

struct committed_offset {
  int64_t committed_offset = -1;
  int32_t leader_epoch = -1;
  std::optional<std::string> metadata;
  int64_t commit_timestamp_ms = 0;
};

struct fetched_offset {
  std::string topic;
  int32_t partition = 0;
  committed_offset value;  // committed_offset -1 when none
  std::error_code error;
};

struct member_description {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string client_host;
  byte_buffer metadata;  // for the chosen protocol (empty before one is chosen)
  byte_buffer assignment;
};

struct group_description {
  std::string group_id;
  std::error_code error;
  group_state state = group_state::dead;
  std::string protocol_type;
  std::string protocol_name;  // empty unless Stable
  std::vector<member_description> members;
};

struct group_listing {
  std::string group_id;
  std::string protocol_type;
  group_state state = group_state::empty;
};

}  // namespace eventioz::groups
