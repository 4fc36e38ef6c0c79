// Which partition a record goes to, chosen as Kafka's Java client chooses it, so records with
// the same key land in the same partition whichever client (ours, librdkafka's "murmur2_random"
// or Java's default) wrote them.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>

#include "base/bytes.h"
#include "model/murmur2.h"

namespace eventioz::client {

// Kafka's murmur2 and its default partition for a key live in model (the HTTP API uses them
// too).
using model::murmur2;
using model::partition_for_key;

enum class partitioning {
  // Records without a key stick to one partition until its batch is sent, then move to
  // another (KIP-480): fuller batches than spreading every record, with the same spread over
  // time.
  sticky,
  // Records without a key go to each partition in turn.
  round_robin,
};

// Chooses partitions for one producer; not thread-safe.
class partitioner {
 public:
  explicit partitioner(partitioning mode, uint64_t seed = std::random_device()());

  // A key (even an empty one) is hashed; a record without one follows the mode.
  // REQUIRES: partition_count > 0.
  int32_t choose(const std::string& topic, const std::optional<byte_buffer>& key,
                 int32_t partition_count);

  // A batch of `topic`/`partition` was sealed: a sticky partitioner moves on from it.
  void on_batch_sealed(const std::string& topic, int32_t partition, int32_t partition_count);

 private:
  partitioning _mode;
  std::mt19937_64 _random;
  std::unordered_map<std::string, int32_t> _current;  // per topic: sticky or next round-robin
};

}  // namespace eventioz::client
