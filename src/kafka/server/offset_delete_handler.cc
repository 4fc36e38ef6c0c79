// OffsetDelete: removes a group's committed offsets for partitions its members do not consume.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_offset_delete(request_context_ptr context) {
  auto request = decode_or_close<protocol::offset_delete_request>(*context);
  if (!request) return;
  protocol::offset_delete_response response;
  std::vector<groups::topic_partition_key> partitions;
  for (const auto& topic : request->topics) {
    auto& answered = response.topics.emplace_back();
    answered.name = topic.name;
    for (const auto& partition : topic.partitions) {
      answered.partitions.emplace_back().partition_index = partition.partition_index;
      partitions.push_back({topic.name, partition.partition_index});
    }
  }
  groups::group_coordinator* coordinator = context->broker.groups;
  if (coordinator == nullptr) {
    response.error_code = code_of(kafka_error::coordinator_not_available);
    return context->respond(response);
  }
  coordinator->delete_offsets(
      request->group_id, std::move(partitions),
      [context, response = std::move(response)](
          std::error_code group_error, const std::vector<std::error_code>& outcome) mutable {
        response.error_code = code_for(group_error);
        size_t index = 0;
        for (auto& topic : response.topics) {
          for (auto& partition : topic.partitions) {
            partition.error_code = code_for(index < outcome.size() ? outcome[index] : group_error);
            ++index;
          }
        }
        context->respond(response);
      });
}

}  // namespace eventioz::kafka
