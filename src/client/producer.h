// Writes records to topics: chooses each record's partition, batches records per partition
// (record_accumulator), sends the batches to each partition's leader with up to
// max_in_flight requests outstanding per connection, and reports every record's outcome —
// its offset, or why it failed — through a callback.
//
// Synchronous and single-threaded: nothing happens between calls. send() queues (and sends
// what is ready), poll() sends batches whose linger ended and handles answers that arrived,
// flush() sends everything and waits for every answer. Delivery reports are called from
// inside these calls. Without idempotence, a retried batch may be written twice or (with
// several requests in flight) out of order, as with Kafka's clients in the same settings.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/broker_pool.h"
#include "client/partitioner.h"
#include "client/record_accumulator.h"

namespace eventioz::client {

struct producer_options {
  connection_options connection;
  // 0: no answer (offsets unknown), 1: the leader wrote it, -1 (all): every in-sync replica.
  int16_t acks = -1;
  accumulator_options batching;
  partitioning partitioner = partitioning::sticky;
  int32_t max_in_flight = 5;  // requests per connection
  int32_t retries = 3;        // per batch, for errors a retry can fix
  size_t request_size_max_bytes = 1u << 20;
  // Whether the broker may create a missing topic on first use (if it is configured to).
  bool allow_auto_create = false;
};

struct producer_record {
  std::string topic;
  int32_t partition = -1;  // -1: the partitioner chooses
  std::optional<byte_buffer> key;
  std::optional<byte_buffer> value;
  std::vector<model::record_header> headers;
  int64_t timestamp_ms = -1;  // -1: now
};

struct delivery_report {
  uint64_t id = 0;  // what send() returned
  std::string_view topic;
  int32_t partition = 0;
  int64_t offset = -1;  // -1 with acks=0 or on failure
  client_clock::time_point enqueued;
  client_clock::time_point completed;
  const error* failure = nullptr;  // null on success; valid during the callback only
};

using delivery_callback = std::function<void(const delivery_report&)>;

class producer {
 public:
  static result<std::unique_ptr<producer>> create(const producer_options& options,
                                                  delivery_callback on_delivery);

  // Queues one record and returns its id. Fails, queuing nothing, when the topic does not
  // exist or the partition is out of range.
  result<uint64_t> send(producer_record record);

  // Sends batches whose linger ended; handles answers that arrive within `wait`. Failures of
  // sending are reported per record, through the callback.
  void poll(std::chrono::milliseconds wait = std::chrono::milliseconds(0));

  // Sends every queued record and waits until each has a delivery report.
  void flush();

  // When the oldest open batch is due (for a caller that waits for input meanwhile).
  std::optional<client_clock::time_point> next_due() const { return _accumulator.next_due(); }

  // Records queued or awaiting an answer.
  size_t pending() const { return _pending; }

 private:
  struct batch_in_flight {
    sealed_batch batch;
    int32_t attempts = 0;
  };
  struct request_in_flight {
    std::vector<batch_in_flight> batches;
  };

  producer(const producer_options& options, delivery_callback on_delivery,
           std::unique_ptr<broker_pool> pool);

  result<int32_t> partition_count(const std::string& topic);
  // Seals what is due (everything with `flush`), then sends sealed and retried batches.
  void dispatch(bool flush);
  void send_to_leader(int32_t node_id, std::vector<batch_in_flight> batches);
  // Moves into one request the batches that fit in it.
  request_in_flight take_request(std::vector<batch_in_flight>& batches) const;
  status write_request(int32_t node_id, const request_in_flight& request);
  // Reads the oldest answer from `node_id` and reports or retries its batches.
  void receive_one(int32_t node_id);
  void refresh_metadata_if_stale();
  void complete(const batch_in_flight& batch, int64_t base_offset, const error* failure);
  void retry_or_fail(batch_in_flight batch, const error& failure, bool retriable);
  void fail_connection(int32_t node_id, const error& failure);

  producer_options _options;
  delivery_callback _on_delivery;
  std::unique_ptr<broker_pool> _pool;
  record_accumulator _accumulator;
  partitioner _partitioner;
  std::map<std::string, int32_t> _partition_counts;
  std::map<int32_t, std::deque<request_in_flight>> _in_flight;  // per broker, oldest first
  std::vector<batch_in_flight> _retries;
  bool _metadata_stale = false;
  uint64_t _next_id = 0;
  size_t _pending = 0;
};

}  // namespace eventioz::client
