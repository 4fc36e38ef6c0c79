// The config resources Describe/Alter(Incremental)Configs work on: topics (their configs, with
// the broker's defaults beneath) and this broker (topic defaults and auto-creation alterable at
// runtime; the rest read-only).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cluster/topic_config.h"
#include "cluster/topic_manager.h"
#include "kafka/server/broker_context.h"
#include "kafka/server/error_mapping.h"

namespace eventioz::kafka {

// Kafka's resource type numbers (do not change).
enum class config_resource_type : int8_t { topic = 2, broker = 4 };

// Kafka's config source numbers, for DescribeConfigs v1+ (do not change).
enum class config_source : int8_t {
  dynamic_topic = 1,
  dynamic_broker = 2,
  static_broker = 4,
  default_config = 5,
};

// This broker's settings, as DescribeConfigs shows them for resource type BROKER.
std::vector<cluster::config_entry> describe_broker_configs(broker_context& broker);

// Whether `name` names this broker ("0" for node 0, or "" for "the broker you are").
bool is_this_broker(const broker_context& broker, const std::string& name);

}  // namespace eventioz::kafka

namespace eventioz::kafka {

struct alter_outcome {
  kafka_error code = kafka_error::none;
  std::string message;
};

// Applies config changes to one resource (AlterConfigs with replace_all, or
// IncrementalAlterConfigs): a topic's configs, or this broker's dynamic settings.
alter_outcome alter_resource(broker_context& broker, int8_t resource_type,
                             const std::string& resource_name,
                             const std::vector<cluster::config_change>& changes, bool replace_all,
                             bool validate_only);

}  // namespace eventioz::kafka
