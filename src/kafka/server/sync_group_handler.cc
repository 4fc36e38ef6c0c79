// SyncGroup: the leader hands in the assignments; every member gets its own once the
// assignment is durable.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_sync_group(request_context_ptr context) {
  auto request = decode_or_close<protocol::sync_group_request>(*context);
  if (!request) return;
  groups::group_coordinator* coordinator = context->broker.groups;
  if (coordinator == nullptr) {
    protocol::sync_group_response response;
    response.error_code = code_of(kafka_error::coordinator_not_available);
    return context->respond(response);
  }
  groups::sync_request sync{.group_id = std::move(request->group_id),
                            .generation_id = request->generation_id,
                            .member_id = std::move(request->member_id),
                            .group_instance_id = std::move(request->group_instance_id)};
  for (auto& each : request->assignments) {
    sync.assignments.emplace_back(std::move(each.member_id), std::move(each.assignment));
  }
  context->release_frame();
  coordinator->sync(std::move(sync), [context](groups::sync_result synced) {
    protocol::sync_group_response response;
    response.error_code = code_for(synced.error);
    response.assignment = std::move(synced.assignment);
    context->respond(response);
  });
}

}  // namespace eventioz::kafka
