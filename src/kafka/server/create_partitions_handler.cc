// CreatePartitions: grows topics to a new partition count.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_create_partitions(request_context_ptr context) {
  auto request = decode_or_close<protocol::create_partitions_request>(*context);
  if (!request) return;
  protocol::create_partitions_response response;
  for (const auto& topic : request->topics) {
    auto& result = response.results.emplace_back();
    result.name = topic.name;
    auto grown =
        context->broker.topics.create_partitions(topic.name, topic.count, request->validate_only);
    if (!grown) {
      result.error_code = code_of(to_kafka_error(grown.error_value()));
      result.error_message = message_for_client(grown.error_value());
    }
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
