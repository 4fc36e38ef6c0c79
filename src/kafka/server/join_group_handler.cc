// JoinGroup: answered by the coordinator when the group's join phase ends.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_join_group(request_context_ptr context) {
  auto request = decode_or_close<protocol::join_group_request>(*context);
  if (!request) return;
  groups::group_coordinator* coordinator = context->broker.groups;
  if (coordinator == nullptr) {
    protocol::join_group_response response;
    response.error_code = code_of(kafka_error::coordinator_not_available);
    response.member_id = request->member_id;
    return context->respond(response);
  }
  groups::join_request join{
      .group_id = std::move(request->group_id),
      .member_id = std::move(request->member_id),
      .group_instance_id = std::move(request->group_instance_id),
      .client_id = context->client_id.value_or(""),
      .client_host = context->client_host(),
      .session_timeout_ms = request->session_timeout_ms,
      .rebalance_timeout_ms = request->rebalance_timeout_ms,
      .protocol_type = std::move(request->protocol_type),
      .require_known_member_id = context->api_version >= 4,
  };
  for (auto& protocol : request->protocols) {
    join.protocols.push_back({std::move(protocol.name), std::move(protocol.metadata)});
  }
  // The frame is not needed while the join phase runs (possibly for minutes).
  context->release_frame();
  coordinator->join(std::move(join), [context](groups::join_result joined) {
    protocol::join_group_response response;
    response.error_code = code_for(joined.error);
    response.generation_id = joined.generation_id;
    response.protocol_name = std::move(joined.protocol_name);
    response.leader = std::move(joined.leader_id);
    response.member_id = std::move(joined.member_id);
    for (auto& member : joined.members) {
      auto& each = response.members.emplace_back();
      each.member_id = std::move(member.member_id);
      each.group_instance_id = std::move(member.group_instance_id);
      each.metadata = std::move(member.metadata);
    }
    context->respond(response);
  });
}

}  // namespace eventioz::kafka
