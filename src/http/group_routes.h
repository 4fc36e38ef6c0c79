// The consumer-group routes (/v1/groups...), split over a few files; add_group_routes
// (routes.h) adds them all. What the files share is declared here.
#pragma once

#include <string>

#include "groups/group_types.h"
#include "http/http_context.h"
#include "http/router.h"

namespace eventioz::http {

// group_reset_route.cc: POST /v1/groups/{group}/reset-offsets
void add_group_reset_route(router& routes, http_context& context);
// group_consume_route.cc: GET /v1/groups/{group}/topics/{topic}/records
void add_group_consume_route(router& routes, http_context& context);

// The group as the coordinator describes it (state Dead: no such group).
groups::group_description describe_group(http_context& context, const std::string& group_id);

}  // namespace eventioz::http
