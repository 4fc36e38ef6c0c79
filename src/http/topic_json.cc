// Topics, partitions and configs as JSON (topic_json.h).
#include "http/topic_json.h"

#include <fmt/format.h>

#include <charconv>

#include "cluster/errc.h"
#include "http/errc.h"

namespace eventioz::http {

result<cluster::topic_metadata> find_topic(cluster::topic_manager& topics,
                                           const std::string& name) {
  auto topic = topics.find_topic(name);
  if (!topic || topic->deleting) {
    return error(cluster::make_error_code(cluster::errc::topic_not_found),
                 fmt::format("topic \"{}\" does not exist; list topics with GET /v1/topics or "
                             "create it with POST /v1/topics",
                             name));
  }
  return *topic;
}

result<int32_t> partition_index(const std::string& text, const cluster::topic_metadata& topic) {
  int32_t index = -1;
  auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (failure != std::errc() || end != text.data() + text.size() || index < 0) {
    return error(make_error_code(errc::invalid_request),
                 fmt::format("the partition must be a number from 0, not \"{}\"", text));
  }
  if (index >= topic.partition_count) {
    return error(
        make_error_code(errc::unknown_partition),
        fmt::format("topic \"{}\" has {} partition{} (0 to {}); there is no partition {}",
                    topic.name, topic.partition_count, topic.partition_count == 1 ? "" : "s",
                    topic.partition_count - 1, index));
  }
  return index;
}

nlohmann::json partition_json(cluster::partition& partition, int32_t node_id) {
  return {{"partition", partition.id().partition},
          {"leader", node_id},
          {"log_start_offset", partition.log().log_start_offset().value()},
          {"high_watermark", partition.high_watermark().value()},
          {"last_stable_offset", partition.last_stable_offset().value()},
          {"size_bytes", partition.log().size_bytes()}};
}

nlohmann::json configs_json(const std::vector<cluster::config_entry>& configs,
                            std::string_view overridden_source) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& entry : configs) {
    out.push_back({{"name", entry.name},
                   {"value", entry.value},
                   {"source", entry.is_default ? "default" : std::string(overridden_source)},
                   {"read_only", entry.read_only},
                   {"default", entry.is_default}});
  }
  return out;
}

result<nlohmann::json> partitions_json(cluster::topic_manager& topics,
                                       const cluster::topic_metadata& topic, int32_t node_id) {
  nlohmann::json out = nlohmann::json::array();
  for (int32_t index = 0; index < topic.partition_count; ++index) {
    EVENTIOZ_TRY(auto partition, topics.get_partition(topic.name, index));
    out.push_back(partition_json(*partition, node_id));
  }
  return out;
}

result<nlohmann::json> topic_json(cluster::topic_manager& topics,
                                  const cluster::topic_metadata& topic, int32_t node_id) {
  EVENTIOZ_TRY(auto partitions, partitions_json(topics, topic, node_id));
  EVENTIOZ_TRY(auto configs, topics.describe_topic_configs(topic.name));
  uint64_t size = 0;
  for (const auto& partition : partitions) size += partition["size_bytes"].get<uint64_t>();
  return nlohmann::json{{"name", topic.name},
                        {"internal", cluster::topic_manager::is_internal(topic.name)},
                        {"partitions", std::move(partitions)},
                        {"configs", configs_json(configs, "topic")},
                        {"size_bytes", size}};
}

result<nlohmann::json> topic_summary_json(cluster::topic_manager& topics,
                                          const cluster::topic_metadata& topic) {
  uint64_t size = 0;
  int64_t records = 0;
  for (int32_t index = 0; index < topic.partition_count; ++index) {
    EVENTIOZ_TRY(auto partition, topics.get_partition(topic.name, index));
    size += partition->log().size_bytes();
    records += partition->high_watermark().value() - partition->log().log_start_offset().value();
  }
  return nlohmann::json{{"name", topic.name},
                        {"partitions", topic.partition_count},
                        {"internal", cluster::topic_manager::is_internal(topic.name)},
                        {"size_bytes", size},
                        {"records", records}};
}

}  // namespace eventioz::http
