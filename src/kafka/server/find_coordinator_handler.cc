// FindCoordinator: on a single node this broker coordinates every group (key type 0) and every
// transactional id (key type 1). With a cluster, the answer becomes the leader of the key's
// __consumer_offsets (or __transaction_state) partition.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_find_coordinator(request_context_ptr context) {
  auto request = decode_or_close<protocol::find_coordinator_request>(*context);
  if (!request) return;
  protocol::find_coordinator_response response;
  const server_config& config = context->broker.config;
  response.node_id = -1;
  response.port = -1;
  if (request->key_type != 0 && request->key_type != 1) {
    response.error_code = code_of(kafka_error::invalid_request);
    response.error_message = "key_type must be 0 (group) or 1 (transaction)";
  } else if (request->key.empty()) {
    response.error_code = code_of(request->key_type == 0 ? kafka_error::invalid_group_id
                                                         : kafka_error::invalid_request);
    response.error_message = "the coordinator key is empty";
  } else if (context->broker.groups == nullptr || context->broker.draining.load()) {
    response.error_code = code_of(kafka_error::coordinator_not_available);
  } else {
    response.node_id = config.node_id;
    response.host = config.advertised_host_or_listen();
    response.port = config.advertised_port_or_listen();
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
