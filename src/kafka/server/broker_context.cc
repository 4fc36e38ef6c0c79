// Splits the request memory over the shards.
#include "kafka/server/broker_context.h"

#include <algorithm>

namespace eventioz::kafka {

broker_context::broker_context(cluster::topic_manager& topics, io::shard_set& shards,
                               server_config config)
    : topics(topics), shards(shards), config(std::move(config)) {
  uint64_t share =
      std::max(this->config.request_memory_bytes / shards.size(), this->config.max_request_bytes);
  for (uint32_t shard = 0; shard < shards.size(); ++shard) {
    request_memory.push_back(std::make_unique<memory_budget>(share));
  }
}

}  // namespace eventioz::kafka
