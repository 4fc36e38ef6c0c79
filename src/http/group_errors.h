// The problem+json answers of the consumer-group routes: one mapping from the coordinator's
// errors (groups::errc) to HTTP statuses and problem types, so every group route answers the
// same failure the same way.
#pragma once

#include <string_view>
#include <system_error>

#include "groups/group_types.h"
#include "http/http_response.h"

namespace eventioz::http {

// 404 unknown-group.
http_response unknown_group(std::string_view group_id);

// 409 group-not-empty: the group has members (a Kafka consumer group owns its offsets; a
// change from outside would be overwritten by their next commit, or break their rebalance).
http_response group_has_members(const groups::group_description& group);

// The answer for a coordinator error of `group_id` (never an empty code): 404 unknown-group,
// 409 group-not-empty, 400 for bad input, 503 coordinator-unavailable, 500 otherwise.
http_response group_problem(std::error_code code, std::string_view group_id);

}  // namespace eventioz::http
