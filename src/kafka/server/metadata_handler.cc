// Metadata: this broker (which is also the controller), and the topics asked for — creating
// unknown ones when auto-creation is on and the client allows it.
#include <spdlog/spdlog.h>

#include "cluster/errc.h"
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"
#include "storage/log_manager.h"

namespace eventioz::kafka {
namespace {

using response_t = protocol::metadata_response;

// "Not requested" in the authorized-operations fields (Kafka's INT32_MIN sentinel).
constexpr int32_t authorized_operations_omitted = INT32_MIN;

response_t::metadata_response_topic describe_topic(const cluster::topic_metadata& topic,
                                                   int32_t node_id) {
  response_t::metadata_response_topic entry;
  entry.name = topic.name;
  // The broker's own topics: clients leave them out of pattern subscriptions.
  entry.is_internal = cluster::topic_manager::is_internal(topic.name);
  entry.topic_authorized_operations = authorized_operations_omitted;
  for (int32_t index = 0; index < topic.partition_count; ++index) {
    response_t::metadata_response_partition partition;
    partition.partition_index = index;
    partition.leader_id = node_id;
    partition.leader_epoch = 0;
    partition.replica_nodes = {node_id};
    partition.isr_nodes = {node_id};
    entry.partitions.push_back(partition);
  }
  return entry;
}

response_t::metadata_response_topic topic_error(const std::string& name, kafka_error code) {
  response_t::metadata_response_topic entry;
  entry.name = name;
  entry.error_code = code_of(code);
  entry.topic_authorized_operations = authorized_operations_omitted;
  return entry;
}

// The named topic, created first if allowed.
response_t::metadata_response_topic find_or_create(broker_context& broker, const std::string& name,
                                                   bool may_create) {
  int32_t node_id = broker.config.node_id;
  if (auto topic = broker.topics.find_topic(name)) return describe_topic(*topic, node_id);
  if (!storage::validate_topic_name(name)) {
    return topic_error(name, kafka_error::invalid_topic_exception);
  }
  if (!may_create) return topic_error(name, kafka_error::unknown_topic_or_partition);
  auto created = broker.topics.create_topic({.name = name});
  if (created) return describe_topic(*created, node_id);
  // Another request created it meanwhile.
  if (created.error_value() == cluster::errc::topic_exists) {
    if (auto topic = broker.topics.find_topic(name)) return describe_topic(*topic, node_id);
  }
  spdlog::warn("auto-creating topic {}: {}", name, created.error_value().to_string());
  return topic_error(name, to_kafka_error(created.error_value()));
}

}  // namespace

void handle_metadata(request_context_ptr context) {
  auto request = decode_or_close<protocol::metadata_request>(*context);
  if (!request) return;
  broker_context& broker = context->broker;
  const server_config& config = broker.config;

  response_t response;
  response_t::metadata_response_broker self;
  self.node_id = config.node_id;
  self.host = config.advertised_host_or_listen();
  self.port = config.advertised_port_or_listen();
  response.brokers.push_back(self);
  response.cluster_id = config.cluster_id;
  response.controller_id = config.node_id;
  response.cluster_authorized_operations = authorized_operations_omitted;

  // v0: an empty list means every topic; v1+: null means every topic.
  bool all_topics = !request->topics || (context->api_version == 0 && request->topics->empty());
  if (all_topics) {
    for (const auto& topic : broker.topics.topics()) {
      response.topics.push_back(describe_topic(topic, config.node_id));
    }
  } else {
    bool may_create = broker.topics.settings().auto_create_topics &&
                      (context->api_version < 4 || request->allow_auto_topic_creation);
    for (const auto& wanted : *request->topics) {
      response.topics.push_back(find_or_create(broker, wanted.name, may_create));
    }
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
