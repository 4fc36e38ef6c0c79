// DescribeGroups: state, protocol and members (with their assignments) of each group.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_describe_groups(request_context_ptr context) {
  auto request = decode_or_close<protocol::describe_groups_request>(*context);
  if (!request) return;
  protocol::describe_groups_response response;
  groups::group_coordinator* coordinator = context->broker.groups;
  std::vector<groups::group_description> described;
  if (coordinator != nullptr) described = coordinator->describe_groups(request->groups);
  for (size_t index = 0; index < request->groups.size(); ++index) {
    auto& group = response.groups.emplace_back();
    group.group_id = request->groups[index];
    if (coordinator == nullptr) {
      group.error_code = code_of(kafka_error::coordinator_not_available);
      continue;
    }
    groups::group_description& found = described[index];
    group.error_code = code_for(found.error);
    group.group_state = groups::state_name(found.state);
    group.protocol_type = std::move(found.protocol_type);
    group.protocol_data = std::move(found.protocol_name);
    for (auto& member : found.members) {
      auto& each = group.members.emplace_back();
      each.member_id = std::move(member.member_id);
      each.group_instance_id = std::move(member.group_instance_id);
      each.client_id = std::move(member.client_id);
      each.client_host = std::move(member.client_host);
      each.member_metadata = std::move(member.metadata);
      each.member_assignment = std::move(member.assignment);
    }
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
