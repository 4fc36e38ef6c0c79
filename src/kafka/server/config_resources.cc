// The broker's settings as config entries.
#include "kafka/server/config_resources.h"

namespace eventioz::kafka {

std::vector<cluster::config_entry> describe_broker_configs(broker_context& broker) {
  const server_config& config = broker.config;
  // Fixed for the life of the process: set in the config file.
  std::vector<cluster::config_entry> entries = {
      {.name = "broker.id", .value = std::to_string(config.node_id), .read_only = true},
      {.name = "max.request.bytes",
       .value = std::to_string(config.max_request_bytes),
       .read_only = true},
  };
  for (auto& entry : broker.topics.describe_broker_configs()) entries.push_back(entry);
  return entries;
}

bool is_this_broker(const broker_context& broker, const std::string& name) {
  return name.empty() || name == std::to_string(broker.config.node_id);
}

}  // namespace eventioz::kafka

namespace eventioz::kafka {

alter_outcome alter_resource(broker_context& broker, int8_t resource_type,
                             const std::string& resource_name,
                             const std::vector<cluster::config_change>& changes, bool replace_all,
                             bool validate_only) {
  auto type = static_cast<config_resource_type>(resource_type);
  if (type == config_resource_type::broker && is_this_broker(broker, resource_name)) {
    auto altered = broker.topics.alter_broker_configs(changes, replace_all, validate_only);
    if (!altered)
      return {to_kafka_error(altered.error_value()), message_for_client(altered.error_value())};
    return {};
  }
  if (type != config_resource_type::topic) {
    return {kafka_error::invalid_request,
            "unknown config resource: use type 2 (topic) with a topic name, or type 4 "
            "(broker) with this broker's id"};
  }
  auto altered =
      broker.topics.alter_topic_configs(resource_name, changes, replace_all, validate_only);
  if (!altered) {
    return {to_kafka_error(altered.error_value()), message_for_client(altered.error_value())};
  }
  return {};
}

}  // namespace eventioz::kafka
