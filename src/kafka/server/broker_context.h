// What every request handler may use: the topics, the shards, the settings. Owned by
// kafka_server and outlives every connection.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "cluster/topic_manager.h"
#include "groups/group_coordinator.h"
#include "io/shard_set.h"
#include "kafka/server/memory_budget.h"
#include "kafka/server/server_config.h"
#include "txn/transaction_coordinator.h"

namespace eventioz::kafka {

struct broker_context {
  broker_context(cluster::topic_manager& topics, io::shard_set& shards, server_config config);

  cluster::topic_manager& topics;
  io::shard_set& shards;
  const server_config config;
  // Producer ids and transactions; set by kafka_server::start before the first connection.
  txn::transaction_coordinator* transactions = nullptr;
  // One budget per shard, indexed by shard.
  std::vector<std::unique_ptr<memory_budget>> request_memory;
  // Consumer groups and committed offsets; set by kafka_server::start (null before).
  groups::group_coordinator* groups = nullptr;
  // Set by a clean shutdown: connections finish what they received and stop reading.
  std::atomic<bool> draining{false};
  std::atomic<int64_t> requests_in_flight{0};
};

}  // namespace eventioz::kafka
