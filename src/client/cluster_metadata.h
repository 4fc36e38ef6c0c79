// What a Metadata answer says about the cluster: its brokers, its controller, and for each
// topic its partitions and their leaders. Producers and consumers use it to find the broker
// that leads a partition; the admin client shows it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/broker_address.h"
#include "client/broker_connection.h"

namespace eventioz::client {

struct broker_info {
  int32_t node_id = -1;
  std::string host;
  int32_t port = 0;
  std::optional<std::string> rack;

  broker_address address() const { return {host, static_cast<uint16_t>(port)}; }
};

struct partition_metadata {
  int32_t partition = 0;
  int16_t error_code = 0;
  int32_t leader = -1;  // -1 while the partition has no leader
  int32_t leader_epoch = -1;
  std::vector<int32_t> replicas;
  std::vector<int32_t> in_sync_replicas;
};

struct topic_metadata {
  std::string name;
  int16_t error_code = 0;
  bool internal = false;
  std::vector<partition_metadata> partitions;  // sorted by partition

  const partition_metadata* partition(int32_t index) const;
};

struct cluster_metadata {
  std::optional<std::string> cluster_id;
  int32_t controller_id = -1;
  std::vector<broker_info> brokers;
  std::vector<topic_metadata> topics;  // sorted by name

  const broker_info* broker(int32_t node_id) const;
  const topic_metadata* topic(std::string_view name) const;
};

// Asks `connection` for the metadata of `topics` (nullopt: every topic). With
// `allow_auto_create`, a broker configured to create missing topics on first use does so.
// Per-topic errors are left in the answer for the caller to judge.
result<cluster_metadata> request_metadata(broker_connection& connection,
                                          const std::optional<std::vector<std::string>>& topics,
                                          bool allow_auto_create = false);

}  // namespace eventioz::client
