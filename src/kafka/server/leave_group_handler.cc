// LeaveGroup: v0-2 name one member, v3+ a batch (static members by group.instance.id); the
// others rebalance.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_leave_group(request_context_ptr context) {
  auto request = decode_or_close<protocol::leave_group_request>(*context);
  if (!request) return;
  protocol::leave_group_response response;
  groups::group_coordinator* coordinator = context->broker.groups;
  if (coordinator == nullptr) {
    response.error_code = code_of(kafka_error::coordinator_not_available);
    return context->respond(response);
  }
  std::vector<groups::leaving_member> leaving;
  if (context->api_version < 3) {
    leaving.push_back({.member_id = request->member_id});
  } else {
    for (auto& each : request->members) {
      leaving.push_back({.member_id = std::move(each.member_id),
                         .group_instance_id = std::move(each.group_instance_id)});
    }
  }
  groups::leave_result left = coordinator->leave(request->group_id, leaving);
  response.error_code = code_for(left.error);
  if (context->api_version < 3) {
    if (!left.error && !left.members.empty()) {
      response.error_code = code_for(left.members.front().second);
    }
    return context->respond(response);
  }
  for (auto& [member, outcome] : left.members) {
    auto& each = response.members.emplace_back();
    each.member_id = member.member_id;
    each.group_instance_id = member.group_instance_id;
    each.error_code = code_for(outcome);
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
