// OffsetFetch: a group's committed offsets (-1 where none); v2+ with null topics: all of them;
// v7 RequireStable: UNSTABLE_OFFSET_COMMIT while a transaction holds offsets pending.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_offset_fetch(request_context_ptr context) {
  auto request = decode_or_close<protocol::offset_fetch_request>(*context);
  if (!request) return;
  protocol::offset_fetch_response response;
  groups::group_coordinator* coordinator = context->broker.groups;
  if (coordinator == nullptr || request->group_id.empty()) {
    kafka_error failure = coordinator == nullptr ? kafka_error::coordinator_not_available
                                                 : kafka_error::invalid_group_id;
    response.error_code = code_of(failure);
    // Before v2 there is no top-level error: each partition carries it.
    if (request->topics) {
      for (const auto& topic : *request->topics) {
        auto& answered = response.topics.emplace_back();
        answered.name = topic.name;
        for (int32_t index : topic.partition_indexes) {
          auto& partition = answered.partitions.emplace_back();
          partition.partition_index = index;
          partition.committed_offset = -1;
          partition.metadata = "";
          partition.error_code = code_of(failure);
        }
      }
    }
    return context->respond(response);
  }
  std::optional<std::vector<groups::topic_partition_key>> wanted;
  if (request->topics) {
    wanted.emplace();
    for (const auto& topic : *request->topics) {
      for (int32_t index : topic.partition_indexes) wanted->push_back({topic.name, index});
    }
  }
  auto fetched = coordinator->fetch_offsets(request->group_id, wanted, request->require_stable);
  for (auto& each : fetched) {
    if (response.topics.empty() || response.topics.back().name != each.topic) {
      response.topics.emplace_back().name = each.topic;
    }
    auto& partition = response.topics.back().partitions.emplace_back();
    partition.partition_index = each.partition;
    partition.committed_offset = each.value.committed_offset;
    partition.committed_leader_epoch = each.value.leader_epoch;
    partition.metadata = each.value.metadata.value_or("");
    partition.error_code = code_for(each.error);
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
