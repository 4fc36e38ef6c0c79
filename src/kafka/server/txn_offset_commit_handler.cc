// TxnOffsetCommit: a consumer group's offsets committed inside a transaction. The transaction
// coordinator checks that the transaction is open and holds the group (AddOffsetsToTxn); the
// group coordinator keeps the offsets pending until the transaction ends. The v3 group fields
// (generation, member id, instance id) are checked against the group when the generation is
// >= 0 (KIP-447 fencing of a consumer that lost its partitions).
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
  auto shared_answer = std::make_shared<decltype(answer)>(std::move(answer));
  std::string group_id = request->group_id;
  int64_t producer_id = request->producer_id;
  int16_t producer_epoch = request->producer_epoch;
  groups::committer member{.generation_id = request->generation_id,
                           .member_id = std::move(request->member_id),
                           .group_instance_id = std::move(request->group_instance_id)};
  size_t count = offsets.size();
  auto transaction = transaction_request_of(*context, request->transactional_id,
                                            request->producer_id, request->producer_epoch);
  context->release_frame();
  // The transaction stays busy (EndTxn and timeouts wait) until the group's append finished:
  // offsets cannot land in a group after the transaction's outcome was settled there.
  context->broker.transactions->commit_offsets(
      transaction, group_id,
      [groups, group_id, producer_id, producer_epoch, member = std::move(member),
       offsets = std::move(offsets), shared_answer](std::function<void()> written) mutable {
        groups->commit_transactional_offsets(
            group_id, producer_id, producer_epoch, std::move(offsets),
            [shared_answer, written = std::move(written)](std::vector<status> outcome) {
              written();
              (*shared_answer)(outcome);
            },
            member);
      },
      [context, shared_answer, count](error refused) {
        if (closed_if_superseded(*context, refused)) return;
        (*shared_answer)(std::vector<status>(count, status(std::move(refused))));
      });
}

}  // namespace eventioz::kafka
