// DescribeCluster: this broker, which is also the controller.
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_describe_cluster(request_context_ptr context) {
  auto request = decode_or_close<protocol::describe_cluster_request>(*context);
  if (!request) return;
  const server_config& config = context->broker.config;
  protocol::describe_cluster_response response;
  response.cluster_id = config.cluster_id;
  response.controller_id = config.node_id;
  auto& self = response.brokers.emplace_back();
  self.broker_id = config.node_id;
  self.host = config.advertised_host_or_listen();
  self.port = config.advertised_port_or_listen();
  response.cluster_authorized_operations = INT32_MIN;  // not requested / not computed
  context->respond(response);
}

}  // namespace eventioz::kafka
