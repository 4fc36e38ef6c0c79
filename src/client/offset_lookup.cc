#include "client/offset_lookup.h"

#include <fmt/format.h>

#include <map>

#include "client/errc.h"
#include "client/kafka_error.h"

namespace eventioz::client {
namespace {

namespace protocol = kafka::protocol;

result<int32_t> leader_of(const cluster_metadata& metadata, const std::string& topic_name,
                          int32_t partition_index) {
  const topic_metadata* topic = metadata.topic(topic_name);
  const partition_metadata* partition = topic ? topic->partition(partition_index) : nullptr;
  if (partition == nullptr || partition->leader < 0) {
    return error(errc::metadata_unavailable,
                 fmt::format("no leader known for {}/{}", topic_name, partition_index));
  }
  return partition->leader;
}

}  // namespace

result<std::vector<int64_t>> list_offsets(broker_pool& pool, const std::string& topic,
                                          const std::vector<int32_t>& partitions, int64_t timestamp,
                                          int8_t isolation_level) {
  std::map<int32_t, std::vector<size_t>> by_leader;
  for (size_t i = 0; i < partitions.size(); ++i) {
    EVENTIOZ_TRY(int32_t leader, leader_of(pool.metadata(), topic, partitions[i]));
    by_leader[leader].push_back(i);
  }
  std::vector<int64_t> offsets(partitions.size(), -1);
  for (const auto& [node_id, indexes] : by_leader) {
    EVENTIOZ_TRY(broker_connection * connection, pool.node(node_id));
    protocol::list_offsets_request request;
    request.replica_id = -1;
    request.isolation_level = isolation_level;
    auto& entry = request.topics.emplace_back();
    entry.name = topic;
    for (size_t index : indexes) {
      auto& partition = entry.partitions.emplace_back();
      partition.partition_index = partitions[index];
      partition.timestamp = timestamp;
    }
    EVENTIOZ_TRY(auto response, connection->send(request));
    for (const auto& topic_answer : response->topics) {
      for (const auto& answer : topic_answer.partitions) {
        if (answer.error_code != 0) {
          return kafka_error(answer.error_code, fmt::format("looking up offsets of {}/{}", topic,
                                                            answer.partition_index));
        }
        for (size_t index : indexes) {
          if (partitions[index] == answer.partition_index) offsets[index] = answer.offset;
        }
      }
    }
  }
  return offsets;
}

}  // namespace eventioz::client
