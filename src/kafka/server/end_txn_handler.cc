// EndTxn: commit or abort. Answered once the decision is durable; the coordinator writes the
// markers afterwards (txn/transaction_coordinator.h).
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"
#include "kafka/server/transaction_request.h"

namespace eventioz::kafka {

void handle_end_txn(request_context_ptr context) {
  auto request = decode_or_close<protocol::end_txn_request>(*context);
  if (!request) return;
  context->broker.transactions->end_transaction(
      transaction_request_of(*context, request->transactional_id, request->producer_id,
                             request->producer_epoch),
      request->committed, [context](status ended) {
        if (!ended && closed_if_superseded(*context, ended.error_value())) return;
        protocol::end_txn_response response;
        response.error_code = ended ? 0 : code_of(to_kafka_error(ended.error_value()));
        context->respond(response);
      });
}

}  // namespace eventioz::kafka
