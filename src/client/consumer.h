// Reads records from assigned partitions: finds where to start (ListOffsets: earliest, latest,
// or the first offset at a time), then fetches from each partition's leader in rounds, each
// round one Fetch per leader (sent to all leaders before waiting on any), decoding batches
// with their CRC checked and skipping transaction control batches.
//
// No consumer group: partitions are assigned explicitly and positions live only in this
// object. Synchronous and single-threaded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/broker_pool.h"
#include "model/record_batch.h"

namespace eventioz::client {

struct start_position {
  enum class kind { earliest, latest, offset, timestamp };
  kind from = kind::earliest;
  int64_t value = 0;  // the offset, or the timestamp in ms

  static start_position earliest() { return {kind::earliest, 0}; }
  static start_position latest() { return {kind::latest, 0}; }
  static start_position at_offset(int64_t offset) { return {kind::offset, offset}; }
  static start_position at_time(int64_t timestamp_ms) { return {kind::timestamp, timestamp_ms}; }
};

struct consumer_options {
  connection_options connection;
  int32_t max_wait_ms = 500;  // how long the broker may hold a fetch waiting for min_bytes
  int32_t min_bytes = 1;
  int32_t max_bytes = 50 << 20;               // per fetch
  int32_t partition_max_bytes = 1 << 20;      // per partition per fetch (grows for a larger batch)
  int8_t isolation_level = 0;                 // 0: read uncommitted, 1: read committed
  size_t decompressed_size_max = 256u << 20;  // per batch
};

struct consumed_record {
  std::string topic;
  int32_t partition = 0;
  model::record record;
};

class consumer {
 public:
  struct assignment {
    std::string topic;
    int32_t partition = 0;
    int64_t position = 0;         // the next offset to read
    int64_t high_watermark = -1;  // as of the last answer; -1 before any
    int32_t fetch_size_bytes = 0;
    // Retriable errors in a row; past a bound the error is given to the caller rather than
    // retried forever (a broker that cannot read a damaged segment answers the same each time).
    int32_t retriable_failures = 0;
  };

  static result<std::unique_ptr<consumer>> create(const consumer_options& options);

  // Assigns `partitions` of `topic` (empty: every partition), reading from `start`. A
  // timestamp after the last record starts at the end.
  status assign(const std::string& topic, const std::vector<int32_t>& partitions,
                start_position start);

  // One fetch round; may return no records (nothing new within max_wait). Records come in
  // offset order within each partition.
  result<std::vector<consumed_record>> poll();

  // Whether every assigned partition has been read up to its high watermark.
  bool caught_up() const;

  const std::vector<assignment>& assignments() const { return _assignments; }

 private:
  consumer(const consumer_options& options, std::unique_ptr<broker_pool> pool)
      : _options(options), _pool(std::move(pool)) {}

  // The offsets ListOffsets answers for `partitions` of `topic` at `timestamp` (-1: the end,
  // -2: the start), in the order asked.
  result<std::vector<int64_t>> list_offsets(const std::string& topic,
                                            const std::vector<int32_t>& partitions,
                                            int64_t timestamp);
  result<int32_t> leader_of(const assignment& entry) const;
  status send_fetch(int32_t node_id, const std::vector<size_t>& indexes);
  status receive_fetch(int32_t node_id, const std::vector<size_t>& indexes,
                       std::vector<consumed_record>& records);

  consumer_options _options;
  std::unique_ptr<broker_pool> _pool;
  std::vector<assignment> _assignments;
  std::vector<std::string> _topics;
  bool _metadata_stale = false;
};

}  // namespace eventioz::client
