// AddOffsetsToTxn: a consumer group's offsets will be committed inside the transaction (its
// __consumer_offsets partition joins it).
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"
#include "kafka/server/transaction_request.h"

namespace eventioz::kafka {

void handle_add_offsets_to_txn(request_context_ptr context) {
  auto request = decode_or_close<protocol::add_offsets_to_txn_request>(*context);
  if (!request) return;
  context->broker.transactions->add_offsets(
      transaction_request_of(*context, request->transactional_id, request->producer_id,
                             request->producer_epoch),
      request->group_id, [context](status added) {
        if (!added && closed_if_superseded(*context, added.error_value())) return;
        protocol::add_offsets_to_txn_response response;
        response.error_code = added ? 0 : code_of(to_kafka_error(added.error_value()));
        context->respond(response);
      });
}

}  // namespace eventioz::kafka
