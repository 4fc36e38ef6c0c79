// DeleteTopics: removes each named topic, its partitions and its metadata.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_delete_topics(request_context_ptr context) {
  auto request = decode_or_close<protocol::delete_topics_request>(*context);
  if (!request) return;
  protocol::delete_topics_response response;
  for (const auto& name : request->topic_names) {
    auto& result = response.responses.emplace_back();
    result.name = name;
    auto deleted = context->broker.topics.delete_topic(name);
    if (!deleted) result.error_code = code_of(to_kafka_error(deleted.error_value()));
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
