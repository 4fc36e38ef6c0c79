// Collects a producer's records into one RecordBatch per partition, sealing a batch when the
// next record would take it past the batch size or when its first record has waited the
// linger time. Fewer, larger batches are what makes producing fast: each costs one request
// entry, one CRC and, on the broker, one append.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "client/tcp_socket.h"
#include "model/compression.h"
#include "model/record_batch.h"

namespace eventioz::client {

struct accumulator_options {
  int32_t batch_size_bytes = 16 * 1024;  // uncompressed; a larger single record gets its own
  std::chrono::milliseconds linger{5};
  model::compression codec = model::compression::none;
};

// Identifies a record in delivery reports: the caller's token and when it was handed over.
struct record_ticket {
  uint64_t id = 0;
  client_clock::time_point enqueued;
};

// A batch ready to send.
struct sealed_batch {
  std::string topic;
  int32_t partition = 0;
  std::vector<record_ticket> records;  // in offset order
  byte_buffer bytes;                   // the encoded batch, when building it succeeded
  std::optional<error> failure;        // why it could not be built (e.g. a record too large)
};

// Owned by one producer; not thread-safe.
class record_accumulator {
 public:
  explicit record_accumulator(accumulator_options options) : _options(options) {}

  // Bytes a record adds to a batch, before compression (an upper-bound estimate).
  static size_t estimated_size(const model::record_to_write& record);

  // Whether appending `size_bytes` to the partition's open batch would seal it first.
  bool would_seal(const std::string& topic, int32_t partition, size_t size_bytes) const;

  // Adds a record to its partition's open batch, sealing that batch first when the record
  // would take it past the batch size.
  void append(const std::string& topic, int32_t partition, model::record_to_write record,
              record_ticket ticket);

  // Seals every open batch whose first record has waited the linger time (all of them when
  // `flush`).
  void seal_due(client_clock::time_point now, bool flush);

  // Builds and hands over the sealed batches, oldest first.
  std::vector<sealed_batch> take_sealed();

  // When the oldest open batch's linger ends; nullopt when nothing is open.
  std::optional<client_clock::time_point> next_due() const;

  size_t open_batches() const { return _open.size(); }
  size_t sealed_batches() const { return _sealed.size(); }
  bool empty() const { return _open.empty() && _sealed.empty(); }

 private:
  struct open_batch {
    std::string topic;
    int32_t partition = 0;
    std::vector<model::record_to_write> records;
    std::vector<record_ticket> tickets;
    size_t size_bytes = 0;
    client_clock::time_point first_enqueued;
  };
  using partition_key = std::pair<std::string, int32_t>;

  void seal(std::map<partition_key, open_batch>::iterator open);

  accumulator_options _options;
  std::map<partition_key, open_batch> _open;
  std::deque<open_batch> _sealed;
};

}  // namespace eventioz::client
