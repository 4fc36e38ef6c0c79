// DescribeConfigs: a topic's configs (overrides and defaults) or this broker's settings.
#include <algorithm>

#include "kafka/server/config_resources.h"
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {
namespace {

using response_t = protocol::describe_configs_response;

config_source source_of(config_resource_type type, const cluster::config_entry& entry) {
  if (type == config_resource_type::broker) {
    return entry.is_default ? config_source::static_broker : config_source::dynamic_broker;
  }
  return entry.is_default ? config_source::default_config : config_source::dynamic_topic;
}

void add_entries(response_t::describe_configs_result& result, config_resource_type type,
                 const std::vector<cluster::config_entry>& entries,
                 const std::optional<std::vector<std::string>>& keys, bool include_synonyms) {
  for (const auto& entry : entries) {
    if (keys && std::find(keys->begin(), keys->end(), entry.name) == keys->end()) continue;
    auto& config = result.configs.emplace_back();
    config.name = entry.name;
    config.value = entry.value;
    config.read_only = entry.read_only;
    config.is_default = entry.is_default;
    config.config_source = static_cast<int8_t>(source_of(type, entry));
    config.is_sensitive = false;
    if (include_synonyms) {
      auto& synonym = config.synonyms.emplace_back();
      synonym.name = entry.name;
      synonym.value = entry.value;
      synonym.source = config.config_source;
    }
  }
}

}  // namespace

void handle_describe_configs(request_context_ptr context) {
  auto request = decode_or_close<protocol::describe_configs_request>(*context);
  if (!request) return;
  broker_context& broker = context->broker;
  response_t response;
  for (const auto& resource : request->resources) {
    auto& result = response.results.emplace_back();
    result.resource_type = resource.resource_type;
    result.resource_name = resource.resource_name;
    auto type = static_cast<config_resource_type>(resource.resource_type);
    if (type == config_resource_type::topic) {
      auto entries = broker.topics.describe_topic_configs(resource.resource_name);
      if (!entries) {
        result.error_code = code_of(to_kafka_error(entries.error_value()));
        result.error_message = message_for_client(entries.error_value());
        continue;
      }
      add_entries(result, type, *entries, resource.configuration_keys, request->include_synonyms);
    } else if (type == config_resource_type::broker &&
               is_this_broker(broker, resource.resource_name)) {
      add_entries(result, type, describe_broker_configs(broker), resource.configuration_keys,
                  request->include_synonyms);
    } else {
      result.error_code = code_of(kafka_error::invalid_request);
      result.error_message =
          "unknown config resource: use type 2 (topic) with a topic name, "
          "or type 4 (broker) with this broker's id";
    }
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
