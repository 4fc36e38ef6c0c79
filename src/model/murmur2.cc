// Kafka's murmur2 and key partitioning (model/murmur2.h).
#include "model/murmur2.h"

#include "base/assert.h"

namespace eventioz::model {

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

}  // namespace eventioz::model
