#include "client/partitioner.h"

#include "base/assert.h"

namespace eventioz::client {

partitioner::partitioner(partitioning mode, uint64_t seed) : _mode(mode), _random(seed) {}

int32_t partitioner::choose(const std::string& topic, const std::optional<byte_buffer>& key,
                            int32_t partition_count) {
  EVENTIOZ_ASSERT(partition_count > 0, "partition count {}", partition_count);
  if (key) return partition_for_key(*key, partition_count);
  auto [entry, inserted] = _current.try_emplace(topic, 0);
  if (inserted) {
    entry->second = static_cast<int32_t>(_random() % static_cast<uint64_t>(partition_count));
  }
  // The partition count may have grown or shrunk since the choice was made.
  entry->second %= partition_count;
  if (_mode == partitioning::sticky) return entry->second;
  int32_t chosen = entry->second;
  entry->second = (chosen + 1) % partition_count;
  return chosen;
}

void partitioner::on_batch_sealed(const std::string& topic, int32_t partition,
                                  int32_t partition_count) {
  if (_mode != partitioning::sticky || partition_count <= 1) return;
  auto entry = _current.find(topic);
  if (entry == _current.end() || entry->second != partition) return;
  // Any partition but the one just filled, uniformly.
  auto step = 1 + static_cast<int32_t>(_random() % static_cast<uint64_t>(partition_count - 1));
  entry->second = (partition + step) % partition_count;
}

}  // namespace eventioz::client
