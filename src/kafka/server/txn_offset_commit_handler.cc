// TxnOffsetCommit: a consumer group's offsets committed inside a transaction. The transaction
// coordinator checks that the transaction is open and holds the group (AddOffsetsToTxn); the
// group coordinator keeps the offsets pending until the transaction ends. (The v3 group fields,
// generation and member id, are not checked.)
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"
#include "kafka/server/transaction_request.h"

namespace eventioz::kafka {

void handle_txn_offset_commit(request_context_ptr context) {
  auto request = decode_or_close<protocol::txn_offset_commit_request>(*context);
  if (!request) return;
  protocol::txn_offset_commit_response response;
  std::vector<groups::offset_to_commit> offsets;
  for (auto& topic : request->topics) {
    auto& answered = response.topics.emplace_back();
    answered.name = topic.name;
    for (auto& partition : topic.partitions) {
      answered.partitions.emplace_back().partition_index = partition.partition_index;
      offsets.push_back({.topic = topic.name,
                         .partition = partition.partition_index,
                         .committed_offset = partition.committed_offset,
                         .leader_epoch = partition.committed_leader_epoch,
                         .metadata = std::move(partition.committed_metadata)});
    }
  }
  auto answer = [context,
                 response = std::move(response)](const std::vector<status>& outcome) mutable {
    size_t index = 0;
    for (auto& topic : response.topics) {
      for (auto& partition : topic.partitions) {
        const status& each = outcome.at(index++);
        partition.error_code = each ? 0 : code_of(to_kafka_error(each.error_value()));
      }
    }
    context->respond(response);
  };
  auto refuse_all = [&](const error& failure) {
    answer(std::vector<status>(offsets.size(), status(failure)));
  };
  groups::group_coordinator* groups = context->broker.groups;
  if (groups == nullptr) {
    return refuse_all(error(groups::errc::coordinator_not_available, "no group coordinator"));
  }
  auto allowed = context->broker.transactions->check_offset_commit(
      transaction_request_of(*context, request->transactional_id, request->producer_id,
                             request->producer_epoch),
      request->group_id);
  if (!allowed) {
    if (closed_if_superseded(*context, allowed.error_value())) return;
    return refuse_all(allowed.error_value());
  }
  std::string group_id = std::move(request->group_id);
  int64_t producer_id = request->producer_id;
  int16_t producer_epoch = request->producer_epoch;
  context->release_frame();
  groups->commit_transactional_offsets(group_id, producer_id, producer_epoch, std::move(offsets),
                                       std::move(answer));
}

}  // namespace eventioz::kafka
