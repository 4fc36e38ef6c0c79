// groups::errc → problem+json.
#include "http/group_errors.h"

#include <fmt/format.h>

#include "groups/errc.h"

namespace eventioz::http {

http_response unknown_group(std::string_view group_id) {
  return problem(
      404, "unknown-group", "Unknown consumer group",
      fmt::format("there is no consumer group '{}'; GET /v1/groups lists the groups", group_id),
      {{"group_id", group_id}});
}

http_response group_has_members(const groups::group_description& group) {
  size_t count = group.members.size();
  return problem(
      409, "group-not-empty", "The consumer group has active members",
      fmt::format("group '{}' has {} active member{} (state {}): a Kafka consumer group owns "
                  "it and its offsets; stop its consumers (or wait for their session timeout) "
                  "and retry",
                  group.group_id, count, count == 1 ? "" : "s", groups::state_name(group.state)),
      {{"group_id", group.group_id}, {"members", count}});
}

http_response group_problem(std::error_code code, std::string_view group_id) {
  using groups::errc;
  if (code.category() != groups::error_category()) {
    return problem(500, "internal-error", "Internal error",
                   fmt::format("group '{}': {}; see the broker's log", group_id, code.message()));
  }
  switch (static_cast<errc>(code.value())) {
    case errc::group_id_not_found:
      return unknown_group(group_id);
    case errc::non_empty_group:
    case errc::unknown_member_id:  // an outsider's commit to a group with members
    case errc::rebalance_in_progress:
    case errc::illegal_generation:
      return problem(409, "group-not-empty", "The consumer group has active members",
                     fmt::format("group '{}' has active members, which own its offsets; stop "
                                 "its consumers (or wait for their session timeout) and retry",
                                 group_id),
                     {{"group_id", group_id}});
    case errc::invalid_group_id:
      return bad_request("the group id must not be empty");
    case errc::offset_metadata_too_large:
      return problem(400, "metadata-too-large", "Offset metadata too large",
                     "an offset's metadata is longer than offset.metadata.max.bytes; shorten it");
    case errc::unknown_topic_or_partition:
      return problem(404, "unknown-partition", "Unknown topic or partition",
                     "an offset names a topic or partition that does not exist (it may have "
                     "just been deleted); check GET /v1/topics");
    case errc::coordinator_not_available:
      return problem(503, "coordinator-unavailable", "The group coordinator is unavailable",
                     "the broker is shutting down or could not write the group's records; "
                     "retry shortly");
    default:
      return problem(500, "internal-error", "Internal error",
                     fmt::format("group '{}': {}; see the broker's log", group_id, code.message()));
  }
}

}  // namespace eventioz::http
