// CreateTopics: one topic_manager call per topic, each with its own error and message.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_create_topics(request_context_ptr context) {
  auto request = decode_or_close<protocol::create_topics_request>(*context);
  if (!request) return;
  protocol::create_topics_response response;
  for (const auto& topic : request->topics) {
    auto& result = response.topics.emplace_back();
    result.name = topic.name;
    cluster::create_topic_request create{.name = topic.name,
                                         .partition_count = topic.num_partitions,
                                         .replication_factor = topic.replication_factor,
                                         .validate_only = request->validate_only};
    for (const auto& config : topic.configs) {
      if (config.value) create.configs[config.name] = *config.value;
    }
    if (!topic.assignments.empty()) {
      // Manual replica assignment names brokers; there is one, so it adds nothing but rules.
      result.error_code = code_of(kafka_error::invalid_request);
      result.error_message =
          "manual replica assignments are not supported on a single-node "
          "broker; give num_partitions instead";
      continue;
    }
    auto created = context->broker.topics.create_topic(create);
    if (!created) {
      result.error_code = code_of(to_kafka_error(created.error_value()));
      result.error_message = message_for_client(created.error_value());
    }
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
