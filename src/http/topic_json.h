// Topics, partitions and configs as the HTTP API shows them (docs/http-api-contract.md):
//   partition: {"partition", "leader", "log_start_offset", "high_watermark",
//               "last_stable_offset", "size_bytes"}
//   config:    {"name", "value", "source", "read_only", "default"}
//   topic:     {"name", "internal", "partitions": [partition...], "configs": [config...],
//               "size_bytes"}
// Describing a partition opens it (topic_manager opens partitions lazily).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "cluster/partition.h"
#include "cluster/topic_config.h"
#include "cluster/topic_manager.h"

namespace eventioz::http {

// The topic, or cluster::errc::topic_not_found with a message that says what to do.
result<cluster::topic_metadata> find_topic(cluster::topic_manager& topics, const std::string& name);

// The {partition} path parameter: an integer (http::errc::invalid_request) below the topic's
// count (http::errc::unknown_partition).
result<int32_t> partition_index(const std::string& text, const cluster::topic_metadata& topic);

nlohmann::json partition_json(cluster::partition& partition, int32_t node_id);

// `overridden_source` names where a non-default value comes from ("topic", "dynamic_broker").
nlohmann::json configs_json(const std::vector<cluster::config_entry>& configs,
                            std::string_view overridden_source);

// The partitions of a topic, opened if needed. Errors: the topic is gone, a log fails to open.
result<nlohmann::json> partitions_json(cluster::topic_manager& topics,
                                       const cluster::topic_metadata& topic, int32_t node_id);

result<nlohmann::json> topic_json(cluster::topic_manager& topics,
                                  const cluster::topic_metadata& topic, int32_t node_id);

// What GET /v1/topics lists per topic: {"name", "partitions" (count), "internal", "size_bytes",
// "records" (sum of high watermark - log start)}.
result<nlohmann::json> topic_summary_json(cluster::topic_manager& topics,
                                          const cluster::topic_metadata& topic);

}  // namespace eventioz::http
