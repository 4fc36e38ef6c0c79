// The admin client's configuration operations: describe a topic's configs, change them.
#include <fmt/format.h>

#include <algorithm>

#include "client/admin_client.h"
#include "client/kafka_error.h"

namespace eventioz::client {
namespace {

// The first error among the resources of an (Incremental)AlterConfigs answer, or ok.
template <class ResourceResponses>
status first_resource_error(const ResourceResponses& responses, const std::string& name) {
  for (const auto& result : responses) {
    if (result.error_code != 0) {
      return kafka_error(result.error_code, fmt::format("changing the configs of {}", name),
                         result.error_message);
    }
  }
  return ok_status();
}

namespace protocol = kafka::protocol;

// Kafka's ConfigResource types and ConfigSource values. Wire values: do not change.
constexpr int8_t topic_resource = 2;
constexpr int8_t dynamic_topic_config_source = 1;
// IncrementalAlterConfigs operations.
constexpr int8_t set_operation = 0;
constexpr int8_t delete_operation = 1;

}  // namespace

result<std::vector<config_entry>> admin_client::describe_topic_configs(const std::string& name) {
  EVENTIOZ_TRY(broker_connection * connection, _pool->bootstrap());
  protocol::describe_configs_request request;
  auto& resource = request.resources.emplace_back();
  resource.resource_type = topic_resource;
  resource.resource_name = name;
  resource.configuration_keys = std::nullopt;  // every config
  EVENTIOZ_TRY(auto response, connection->send(request));
  std::vector<config_entry> entries;
  for (const auto& result : response->results) {
    if (result.error_code != 0) {
      return kafka_error(result.error_code, fmt::format("describing the configs of {}", name),
                         result.error_message);
    }
    for (const auto& config : result.configs) {
      config_entry& entry = entries.emplace_back();
      entry.name = config.name;
      entry.value = config.value;
      entry.read_only = config.read_only;
      entry.sensitive = config.is_sensitive;
      // v0 says "default" directly; later versions say where the value comes from, and only
      // a value set on the topic itself is not a default.
      entry.is_default = response.version == 0
                             ? config.is_default
                             : config.config_source != dynamic_topic_config_source;
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return entries;
}

status admin_client::alter_topic_configs(const std::string& name, const config_change& change) {
  EVENTIOZ_TRY(broker_connection * connection, controller());
  if (!connection->versions().supports(protocol::incremental_alter_configs_request::api_key)) {
    return alter_with_replacement(name, change);
  }
  protocol::incremental_alter_configs_request request;
  auto& resource = request.resources.emplace_back();
  resource.resource_type = topic_resource;
  resource.resource_name = name;
  for (const auto& [key, value] : change.set) {
    auto& config = resource.configs.emplace_back();
    config.name = key;
    config.config_operation = set_operation;
    config.value = value;
  }
  for (const std::string& key : change.remove) {
    auto& config = resource.configs.emplace_back();
    config.name = key;
    config.config_operation = delete_operation;
    config.value = std::nullopt;
  }
  request.validate_only = false;
  EVENTIOZ_TRY(auto response, connection->send(request));
  return first_resource_error(response->responses, name);
}

status admin_client::alter_with_replacement(const std::string& name, const config_change& change) {
  // AlterConfigs replaces the topic's whole set: start from the values set on it now.
  EVENTIOZ_TRY(auto current, describe_topic_configs(name));
  std::map<std::string, std::string> values;
  for (const config_entry& entry : current) {
    if (!entry.is_default && !entry.read_only && entry.value) values[entry.name] = *entry.value;
  }
  for (const std::string& key : change.remove) values.erase(key);
  for (const auto& [key, value] : change.set) values[key] = value;

  EVENTIOZ_TRY(broker_connection * connection, controller());
  protocol::alter_configs_request request;
  auto& resource = request.resources.emplace_back();
  resource.resource_type = topic_resource;
  resource.resource_name = name;
  for (const auto& [key, value] : values) {
    auto& config = resource.configs.emplace_back();
    config.name = key;
    config.value = value;
  }
  request.validate_only = false;
  EVENTIOZ_TRY(auto response, connection->send(request));
  return first_resource_error(response->responses, name);
}

}  // namespace eventioz::client
