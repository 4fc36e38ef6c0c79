// The broker's settings as config entries.
#include "kafka/server/config_resources.h"

namespace eventioz::kafka {

std::vector<cluster::config_entry> describe_broker_configs(broker_context& broker) {
  const auto& topic_options = broker.topics.options();
  const server_config& config = broker.config;
  std::vector<cluster::config_entry> entries = {
      {"auto.create.topics.enable", config.auto_create_topics ? "true" : "false"},
      {"broker.id", std::to_string(config.node_id)},
      {"num.partitions", std::to_string(topic_options.default_partition_count)},
      {"max.request.bytes", std::to_string(config.max_request_bytes)},
  };
  // Topic defaults, named as the config file's [log] table names them.
  for (const auto& entry : cluster::describe_topic_config({}, topic_options.default_log_config)) {
    entries.push_back({.name = "log." + entry.name, .value = entry.value});
  }
  for (auto& entry : entries) {
    entry.is_default = false;
    entry.read_only = true;
  }
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
    return {kafka_error::invalid_request,
            "broker settings cannot be changed at runtime yet: set them in the config file "
            "(or EVENTIOZ_* variables) and restart; topic configs can be altered"};
  }
  if (type != config_resource_type::topic) {
    return {kafka_error::invalid_request,
            "unknown config resource: use type 2 (topic) with a topic name"};
  }
  auto altered =
      broker.topics.alter_topic_configs(resource_name, changes, replace_all, validate_only);
  if (!altered) {
    return {to_kafka_error(altered.error_value()), altered.error_value().message()};
  }
  return {};
}

}  // namespace eventioz::kafka
