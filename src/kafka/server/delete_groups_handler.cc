// DeleteGroups: deletes empty groups with their offsets (tombstones in __consumer_offsets).
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_delete_groups(request_context_ptr context) {
  auto request = decode_or_close<protocol::delete_groups_request>(*context);
  if (!request) return;
  protocol::delete_groups_response response;
  for (const std::string& id : request->groups_names) {
    response.results.emplace_back().group_id = id;
  }
  groups::group_coordinator* coordinator = context->broker.groups;
  if (coordinator == nullptr) {
    for (auto& each : response.results) {
      each.error_code = code_of(kafka_error::coordinator_not_available);
    }
    return context->respond(response);
  }
  coordinator->delete_groups(std::move(request->groups_names),
                             [context, response = std::move(response)](
                                 const std::vector<std::error_code>& outcome) mutable {
                               for (size_t index = 0; index < response.results.size(); ++index) {
                                 response.results[index].error_code = code_for(outcome.at(index));
                               }
                               context->respond(response);
                             });
}

}  // namespace eventioz::kafka
