// InitProducerId: a producer id and epoch for an idempotent or transactional producer (the
// transaction coordinator decides; see txn/transaction_coordinator.h).
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"
#include "txn/errc.h"

namespace eventioz::kafka {

void handle_init_producer_id(request_context_ptr context) {
  auto request = decode_or_close<protocol::init_producer_id_request>(*context);
  if (!request) return;
  // Null means an idempotent producer; an empty id names no transactional producer (Kafka
  // answers INVALID_REQUEST too), and would otherwise become a shared id of its own.
  if (request->transactional_id && request->transactional_id->empty()) {
    protocol::init_producer_id_response response;
    response.error_code = code_of(kafka_error::invalid_request);
    response.producer_id = -1;
    response.producer_epoch = -1;
    return context->respond(response);
  }
  txn::init_producer_id_request wanted{
      .transactional_id = request->transactional_id
                              ? std::optional<std::string>(*request->transactional_id)
                              : std::nullopt,
      .transaction_timeout_ms = request->transaction_timeout_ms,
      .producer_id = request->producer_id,
      .producer_epoch = request->producer_epoch,
      .origin = {.arrival = context->arrival, .connection_id = context->connection_id}};
  context->broker.transactions->init_producer_id(
      wanted, [context](result<txn::producer_identity> granted) {
        protocol::init_producer_id_response response;
        if (granted) {
          response.producer_id = granted->producer_id;
          response.producer_epoch = granted->producer_epoch;
          return context->respond(response);
        }
        if (granted.error_value() == txn::errc::superseded_connection) {
          return context->close_connection(granted.error_value().message());
        }
        kafka_error code = to_kafka_error(granted.error_value());
        // PRODUCER_FENCED is known to clients from v4 on.
        if (code == kafka_error::invalid_producer_epoch && context->api_version >= 4) {
          code = kafka_error::producer_fenced;
        }
        response.error_code = code_of(code);
        response.producer_id = -1;
        response.producer_epoch = -1;
        context->respond(response);
      });
}

}  // namespace eventioz::kafka
