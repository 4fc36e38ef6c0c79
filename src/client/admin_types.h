// What the admin client takes and returns: plain data, independent of the wire format.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/cluster_metadata.h"

namespace eventioz::client {

struct new_topic {
  std::string name;
  int32_t partitions = 1;          // -1: the broker's default
  int16_t replication_factor = 1;  // -1: the broker's default
  std::map<std::string, std::string> configs;
};

struct topic_listing {
  std::string name;
  int32_t partitions = 0;
  bool internal = false;
};

// One configuration value of a topic or broker, as DescribeConfigs reports it.
struct config_entry {
  std::string name;
  std::optional<std::string> value;  // nullopt when sensitive or unset
  bool read_only = false;
  bool is_default = false;  // the broker's default rather than set on the resource
  bool sensitive = false;
};

struct topic_description {
  std::string name;
  bool internal = false;
  std::vector<partition_metadata> partitions;
  std::vector<config_entry> configs;  // sorted by name
  bool configs_known = true;          // false when the broker lacks DescribeConfigs
};

struct cluster_description {
  std::optional<std::string> cluster_id;
  int32_t controller_id = -1;
  std::vector<broker_info> brokers;  // sorted by node id
  size_t topic_count = 0;
};

// A change to a topic's configuration: set values, and names to return to their default.
struct config_change {
  std::map<std::string, std::string> set;
  std::vector<std::string> remove;
};

}  // namespace eventioz::client
