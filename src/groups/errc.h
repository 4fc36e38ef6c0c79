// Expected failures of the group coordinator. Each one is a different answer a Kafka client
// reacts to differently (rejoin, retry, give up), so kafka/server maps them one to one.
#pragma once

#include <system_error>

namespace eventioz::groups {

enum class errc {
  invalid_group_id = 1,         // an empty group id
  invalid_session_timeout,      // outside group.min/max.session.timeout.ms
  inconsistent_group_protocol,  // no protocol (or protocol type) every member lists
  unknown_member_id,            // the member is not (or no longer) in the group
  member_id_required,           // JoinGroup v4+: rejoin with the member id just assigned
  fenced_instance_id,           // a newer member took this group.instance.id
  illegal_generation,           // the request names an older (or newer) generation
  rebalance_in_progress,        // rejoin: the group is rebalancing
  non_empty_group,              // DeleteGroups of a group that has members
  group_id_not_found,           // no such group
  offset_metadata_too_large,    // above offset.metadata.max.bytes
  unstable_offset_commit,       // RequireStable while transactional offsets are pending
  group_subscribed_to_topic,    // OffsetDelete of a topic the members consume
  coordinator_not_available,    // shutting down (clients look the coordinator up again)
  invalid_producer_epoch,       // a transactional commit from an older producer epoch
  unknown_topic_or_partition,   // a commit for a partition that does not exist
};

const std::error_category& error_category();

inline std::error_code make_error_code(errc code) {
  return {static_cast<int>(code), error_category()};
}

}  // namespace eventioz::groups

template <>
struct std::is_error_code_enum<eventioz::groups::errc> : std::true_type {};
