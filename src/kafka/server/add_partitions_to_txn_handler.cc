// AddPartitionsToTxn: the partitions a transactional producer is about to write to join its
// transaction (txn::transaction_coordinator::add_partitions); errors per partition.
#include <memory>

#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"
#include "kafka/server/transaction_request.h"

namespace eventioz::kafka {

void handle_add_partitions_to_txn(request_context_ptr context) {
  auto decoded = decode_or_close<protocol::add_partitions_to_txn_request>(*context);
  if (!decoded) return;
  auto request = std::make_shared<protocol::add_partitions_to_txn_request>(std::move(*decoded));
  std::vector<storage::topic_partition> partitions;
  for (const auto& topic : request->topics) {
    for (int32_t index : topic.partitions) partitions.push_back({topic.name, index});
  }
  context->broker.transactions->add_partitions(
      transaction_request_of(*context, request->transactional_id, request->producer_id,
                             request->producer_epoch),
      std::move(partitions), [context, request](result<std::vector<status>> added) {
        if (!added && closed_if_superseded(*context, added.error_value())) return;
        protocol::add_partitions_to_txn_response response;
        size_t position = 0;
        for (const auto& topic : request->topics) {
          auto& topic_result = response.results.emplace_back();
          topic_result.name = topic.name;
          for (int32_t index : topic.partitions) {
            auto& result = topic_result.results.emplace_back();
            result.partition_index = index;
            const status& outcome = added ? (*added)[position++] : status(added.error_value());
            result.error_code = outcome ? 0 : code_of(to_kafka_error(outcome.error_value()));
          }
        }
        context->respond(response);
      });
}

}  // namespace eventioz::kafka
