// OffsetCommit: stores a group's offsets; answered once they are durable. v0 (and any commit
// with generation -1 and no member id) comes from a consumer outside group management.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_offset_commit(request_context_ptr context) {
  auto request = decode_or_close<protocol::offset_commit_request>(*context);
  if (!request) return;
  groups::commit_request commit{.group_id = std::move(request->group_id),
                                .generation_id = request->generation_id_or_member_epoch,
                                .member_id = std::move(request->member_id),
                                .group_instance_id = std::move(request->group_instance_id)};
  protocol::offset_commit_response response;
  for (auto& topic : request->topics) {
    auto& answered = response.topics.emplace_back();
    answered.name = topic.name;
    for (auto& partition : topic.partitions) {
      answered.partitions.emplace_back().partition_index = partition.partition_index;
      commit.offsets.push_back({.topic = topic.name,
                                .partition = partition.partition_index,
                                .committed_offset = partition.committed_offset,
                                .leader_epoch = partition.committed_leader_epoch,
                                .metadata = std::move(partition.committed_metadata)});
    }
  }
  groups::group_coordinator* coordinator = context->broker.groups;
  auto answer = [context, response = std::move(response)](
                    const std::vector<std::error_code>& outcome) mutable {
    size_t index = 0;
    for (auto& topic : response.topics) {
      for (auto& partition : topic.partitions) {
        partition.error_code = code_for(outcome.at(index++));
      }
    }
    context->respond(response);
  };
  if (coordinator == nullptr) {
    return answer(std::vector<std::error_code>(commit.offsets.size(),
                                               groups::errc::coordinator_not_available));
  }
  context->release_frame();
  coordinator->commit_offsets(std::move(commit), std::move(answer));
}

}  // namespace eventioz::kafka
