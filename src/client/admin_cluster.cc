// The admin client's descriptions: a topic (partitions and configs) and the cluster.
#include <fmt/format.h>

#include <algorithm>

#include "client/admin_client.h"
#include "client/kafka_error.h"

namespace eventioz::client {

namespace protocol = kafka::protocol;

result<topic_description> admin_client::describe_topic(const std::string& name) {
  EVENTIOZ_TRY(const cluster_metadata* metadata, _pool->refresh(std::vector<std::string>{name}));
  const topic_metadata* topic = metadata->topic(name);
  if (topic == nullptr) {
    return kafka_error(static_cast<int16_t>(kafka_errc::unknown_topic_or_partition),
                       fmt::format("describing topic {}", name));
  }
  if (topic->error_code != 0) {
    return kafka_error(topic->error_code, fmt::format("describing topic {}", name));
  }
  topic_description description{topic->name, topic->internal, topic->partitions, {}};
  EVENTIOZ_TRY(broker_connection * connection, _pool->bootstrap());
  // Partitions are worth showing even from a broker that cannot describe configs.
  description.configs_known =
      connection->versions().supports(protocol::describe_configs_request::api_key);
  if (description.configs_known) {
    EVENTIOZ_TRY(description.configs, describe_topic_configs(name));
  }
  return description;
}

result<cluster_description> admin_client::describe_cluster() {
  EVENTIOZ_TRY(const cluster_metadata* metadata, _pool->refresh(std::nullopt));
  cluster_description description{metadata->cluster_id, metadata->controller_id, metadata->brokers,
                                  metadata->topics.size()};
  // DescribeCluster is the admin API for this; Metadata already answered the same facts for
  // brokers without it.
  EVENTIOZ_TRY(broker_connection * connection, _pool->bootstrap());
  if (connection->versions().supports(protocol::describe_cluster_request::api_key)) {
    protocol::describe_cluster_request request;
    EVENTIOZ_TRY(auto response, connection->send(request));
    if (response->error_code != 0) {
      return kafka_error(response->error_code, "describing the cluster", response->error_message);
    }
    description.cluster_id = response->cluster_id;
    description.controller_id = response->controller_id;
    description.brokers.clear();
    for (const auto& broker : response->brokers) {
      description.brokers.push_back({broker.broker_id, broker.host, broker.port, broker.rack});
    }
  }
  std::sort(description.brokers.begin(), description.brokers.end(),
            [](const auto& a, const auto& b) { return a.node_id < b.node_id; });
  return description;
}

}  // namespace eventioz::client
