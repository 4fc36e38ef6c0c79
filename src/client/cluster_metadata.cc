#include "client/cluster_metadata.h"

#include <algorithm>

namespace eventioz::client {

namespace protocol = kafka::protocol;

const partition_metadata* topic_metadata::partition(int32_t index) const {
  for (const partition_metadata& metadata : partitions) {
    if (metadata.partition == index) return &metadata;
  }
  return nullptr;
}

const broker_info* cluster_metadata::broker(int32_t node_id) const {
  for (const broker_info& info : brokers) {
    if (info.node_id == node_id) return &info;
  }
  return nullptr;
}

const topic_metadata* cluster_metadata::topic(std::string_view name) const {
  for (const topic_metadata& metadata : topics) {
    if (metadata.name == name) return &metadata;
  }
  return nullptr;
}

result<cluster_metadata> request_metadata(broker_connection& connection,
                                          const std::optional<std::vector<std::string>>& topics,
                                          bool allow_auto_create) {
  EVENTIOZ_TRY(int16_t version, connection.version_of<protocol::metadata_request>());
  protocol::metadata_request request;
  // v0 has no null list: an empty one means every topic. From v1 empty means none.
  if (topics || version == 0) request.topics.emplace();
  if (topics) {
    for (const std::string& name : *topics) request.topics->emplace_back().name = name;
  }
  request.allow_auto_topic_creation = allow_auto_create;
  EVENTIOZ_RETURN_IF_ERROR(connection.send_only(request, version));
  EVENTIOZ_TRY(auto response, connection.receive<protocol::metadata_response>());

  cluster_metadata metadata;
  metadata.cluster_id = response->cluster_id;
  metadata.controller_id = response->controller_id;
  for (const auto& broker : response->brokers) {
    metadata.brokers.push_back({broker.node_id, broker.host, broker.port, broker.rack});
  }
  for (const auto& topic : response->topics) {
    topic_metadata& entry = metadata.topics.emplace_back();
    entry.name = topic.name;
    entry.error_code = topic.error_code;
    entry.internal = topic.is_internal;
    for (const auto& partition : topic.partitions) {
      entry.partitions.push_back({partition.partition_index, partition.error_code,
                                  partition.leader_id, partition.leader_epoch,
                                  partition.replica_nodes, partition.isr_nodes});
    }
    std::sort(entry.partitions.begin(), entry.partitions.end(),
              [](const auto& a, const auto& b) { return a.partition < b.partition; });
  }
  std::sort(metadata.topics.begin(), metadata.topics.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return metadata;
}

}  // namespace eventioz::client
