// IncrementalAlterConfigs: SET, DELETE, APPEND or SUBTRACT individual configs; the others keep
// their values. APPEND and SUBTRACT apply to list-valued configs (cleanup.policy).
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "kafka/server/config_resources.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {
namespace {

// Kafka's operation numbers (do not change).
enum class config_operation : int8_t { set = 0, remove = 1, append = 2, subtract = 3 };

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> items;
  std::stringstream stream(value);
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

// The change one operation makes, given the current value of the config.
result<cluster::config_change> to_change(config_operation operation, const std::string& name,
                                         const std::optional<std::string>& value,
                                         const std::string& current) {
  switch (operation) {
    case config_operation::set:
      return cluster::config_change{name, value.value_or("")};
    case config_operation::remove:
      return cluster::config_change{name, std::nullopt};
    case config_operation::append:
    case config_operation::subtract: {
      if (name != "cleanup.policy" && name != "log.cleanup.policy") break;
      auto items = split_list(current);
      for (const auto& item : split_list(value.value_or(""))) {
        auto found = std::find(items.begin(), items.end(), item);
        if (operation == config_operation::append && found == items.end()) items.push_back(item);
        if (operation == config_operation::subtract && found != items.end()) items.erase(found);
      }
      return cluster::config_change{name, fmt::format("{}", fmt::join(items, ","))};
    }
  }
  return error(std::make_error_code(std::errc::invalid_argument),
               fmt::format("operation {} is not valid for {}: APPEND and SUBTRACT apply to "
                           "list configs (cleanup.policy)",
                           static_cast<int>(operation), name));
}

}  // namespace

void handle_incremental_alter_configs(request_context_ptr context) {
  auto request = decode_or_close<protocol::incremental_alter_configs_request>(*context);
  if (!request) return;
  broker_context& broker = context->broker;
  protocol::incremental_alter_configs_response response;
  for (const auto& resource : request->resources) {
    auto& result = response.responses.emplace_back();
    result.resource_type = resource.resource_type;
    result.resource_name = resource.resource_name;
    std::map<std::string, std::string> current;
    auto type = static_cast<config_resource_type>(resource.resource_type);
    if (type == config_resource_type::broker) {
      for (const auto& entry : describe_broker_configs(broker)) current[entry.name] = entry.value;
    } else if (auto entries = broker.topics.describe_topic_configs(resource.resource_name)) {
      for (const auto& entry : *entries) current[entry.name] = entry.value;
    }
    std::vector<cluster::config_change> changes;
    alter_outcome outcome;
    for (const auto& config : resource.configs) {
      auto change = to_change(static_cast<config_operation>(config.config_operation), config.name,
                              config.value, current[config.name]);
      if (!change) {
        outcome = {kafka_error::invalid_config, message_for_client(change.error_value())};
        break;
      }
      changes.push_back(*change);
    }
    if (outcome.code == kafka_error::none) {
      outcome = alter_resource(broker, resource.resource_type, resource.resource_name, changes,
                               /*replace_all=*/false, request->validate_only);
    }
    result.error_code = code_of(outcome.code);
    if (outcome.code != kafka_error::none) result.error_message = outcome.message;
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
