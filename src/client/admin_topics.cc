// The admin client's topic operations: create, list, delete, add partitions.
#include <fmt/format.h>

#include <algorithm>

#include "client/admin_client.h"
#include "client/kafka_error.h"

namespace eventioz::client {

namespace protocol = kafka::protocol;

result<std::unique_ptr<admin_client>> admin_client::connect(const connection_options& options) {
  EVENTIOZ_TRY(auto pool, broker_pool::connect(options));
  return std::unique_ptr<admin_client>(new admin_client(std::move(pool)));
}

result<broker_connection*> admin_client::controller() {
  EVENTIOZ_TRY(const cluster_metadata* metadata, _pool->refresh(std::vector<std::string>{}));
  if (metadata->controller_id >= 0 && metadata->broker(metadata->controller_id) != nullptr) {
    return _pool->node(metadata->controller_id);
  }
  return _pool->bootstrap();
}

status admin_client::create_topic(const new_topic& topic, bool validate_only) {
  EVENTIOZ_TRY(broker_connection * connection, controller());
  protocol::create_topics_request request;
  auto& entry = request.topics.emplace_back();
  entry.name = topic.name;
  entry.num_partitions = topic.partitions;
  entry.replication_factor = topic.replication_factor;
  for (const auto& [name, value] : topic.configs) {
    auto& config = entry.configs.emplace_back();
    config.name = name;
    config.value = value;
  }
  request.timeout_ms = static_cast<int32_t>(_pool->options().request_timeout.count());
  request.validate_only = validate_only;
  EVENTIOZ_TRY(int16_t version, connection->version_of<protocol::create_topics_request>());
  if (validate_only && version < 1) {
    return error(errc::unsupported_version,
                 "the broker cannot validate without creating (CreateTopics v1 needed)");
  }
  EVENTIOZ_TRY(auto response, connection->send(request));
  for (const auto& result : response->topics) {
    if (result.name == topic.name && result.error_code != 0) {
      return kafka_error(result.error_code, fmt::format("creating topic {}", topic.name),
                         result.error_message);
    }
  }
  return ok_status();
}

result<std::vector<topic_listing>> admin_client::list_topics(bool include_internal) {
  EVENTIOZ_TRY(const cluster_metadata* metadata, _pool->refresh(std::nullopt));
  std::vector<topic_listing> topics;
  for (const topic_metadata& topic : metadata->topics) {
    if (topic.internal && !include_internal) continue;
    topics.push_back({topic.name, static_cast<int32_t>(topic.partitions.size()), topic.internal});
  }
  return topics;
}

status admin_client::delete_topic(const std::string& name) {
  EVENTIOZ_TRY(broker_connection * connection, controller());
  protocol::delete_topics_request request;
  request.topic_names.push_back(name);
  request.timeout_ms = static_cast<int32_t>(_pool->options().request_timeout.count());
  EVENTIOZ_TRY(auto response, connection->send(request));
  for (const auto& result : response->responses) {
    if (result.name == name && result.error_code != 0) {
      return kafka_error(result.error_code, fmt::format("deleting topic {}", name));
    }
  }
  return ok_status();
}

status admin_client::create_partitions(const std::string& name, int32_t total_partitions) {
  EVENTIOZ_TRY(broker_connection * connection, controller());
  protocol::create_partitions_request request;
  auto& topic = request.topics.emplace_back();
  topic.name = name;
  topic.count = total_partitions;
  request.timeout_ms = static_cast<int32_t>(_pool->options().request_timeout.count());
  request.validate_only = false;
  EVENTIOZ_TRY(auto response, connection->send(request));
  for (const auto& result : response->results) {
    if (result.name == name && result.error_code != 0) {
      return kafka_error(result.error_code,
                         fmt::format("growing topic {} to {} partitions", name, total_partitions),
                         result.error_message);
    }
  }
  return ok_status();
}

}  // namespace eventioz::client
