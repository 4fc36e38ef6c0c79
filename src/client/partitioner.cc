#include "client/partitioner.h"

#include "base/assert.h"

namespace eventioz::client {

int32_t murmur2(byte_span data) {
  // MurmurHash2 as Kafka defines it: 4-byte little-endian blocks, then the 1-3 byte tail.
  // Unsigned arithmetic throughout: it wraps as Java's int does, without C++'s signed overflow.
  constexpr uint32_t seed = 0x9747b28c;
  constexpr uint32_t m = 0x5bd1e995;
  constexpr int r = 24;
  const size_t length = data.size();
  uint32_t hash = seed ^ static_cast<uint32_t>(length);
  size_t blocks = length / 4;
  for (size_t i = 0; i < blocks; ++i) {
    const uint8_t* block = data.data() + i * 4;
    uint32_t k = uint32_t{block[0]} | uint32_t{block[1]} << 8 | uint32_t{block[2]} << 16 |
                 uint32_t{block[3]} << 24;
    k *= m;
    k ^= k >> r;
    k *= m;
    hash *= m;
    hash ^= k;
  }
  const uint8_t* tail = data.data() + blocks * 4;
  switch (length % 4) {
    case 3:
      hash ^= uint32_t{tail[2]} << 16;
      [[fallthrough]];
    case 2:
      hash ^= uint32_t{tail[1]} << 8;
      [[fallthrough]];
    case 1:
      hash ^= uint32_t{tail[0]};
      hash *= m;
  }
  hash ^= hash >> 13;
  hash *= m;
  hash ^= hash >> 15;
  return static_cast<int32_t>(hash);
}

int32_t partition_for_key(byte_span key, int32_t partition_count) {
  EVENTIOZ_ASSERT(partition_count > 0, "partition count {}", partition_count);
  // Kafka's toPositive: clear the sign bit (not abs, which is negative for INT_MIN).
  uint32_t positive = static_cast<uint32_t>(murmur2(key)) & 0x7fffffffu;
  return static_cast<int32_t>(positive % static_cast<uint32_t>(partition_count));
}

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
