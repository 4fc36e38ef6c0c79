// Heartbeat: keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_heartbeat(request_context_ptr context) {
  auto request = decode_or_close<protocol::heartbeat_request>(*context);
  if (!request) return;
  protocol::heartbeat_response response;
  groups::group_coordinator* coordinator = context->broker.groups;
  if (coordinator == nullptr) {
    response.error_code = code_of(kafka_error::coordinator_not_available);
  } else {
    response.error_code = code_for(coordinator->heartbeat({
        .group_id = std::move(request->group_id),
        .generation_id = request->generation_id,
        .member_id = std::move(request->member_id),
        .group_instance_id = std::move(request->group_instance_id),
    }));
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
