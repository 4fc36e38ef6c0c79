// Kafka's key hash (Utils.murmur2) and its default partition for a key: what every Kafka
// client's default partitioner computes, so the same key lands in the same partition whichever
// producer (ours, the HTTP API, librdkafka's "murmur2_random", Java's default) wrote it.
#pragma once

#include <cstdint>

#include "base/bytes.h"

namespace eventioz::model {

// MurmurHash2 with seed 0x9747b28c, with Java's signed result.
int32_t murmur2(byte_span data);

// The positive part of murmur2 (sign bit cleared, as Kafka's toPositive), modulo the count.
// REQUIRES: partition_count > 0.
int32_t partition_for_key(byte_span key, int32_t partition_count);

}  // namespace eventioz::model
