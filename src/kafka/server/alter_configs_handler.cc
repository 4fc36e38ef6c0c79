// AlterConfigs: replaces a resource's whole set of overrides with the ones given.
#include "kafka/server/config_resources.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_alter_configs(request_context_ptr context) {
  auto request = decode_or_close<protocol::alter_configs_request>(*context);
  if (!request) return;
  protocol::alter_configs_response response;
  for (const auto& resource : request->resources) {
    std::vector<cluster::config_change> changes;
    for (const auto& config : resource.configs) changes.push_back({config.name, config.value});
    alter_outcome outcome =
        alter_resource(context->broker, resource.resource_type, resource.resource_name, changes,
                       /*replace_all=*/true, request->validate_only);
    auto& result = response.responses.emplace_back();
    result.resource_type = resource.resource_type;
    result.resource_name = resource.resource_name;
    result.error_code = code_of(outcome.code);
    if (outcome.code != kafka_error::none) result.error_message = outcome.message;
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
