// The producer's public calls: queuing records, and the loops of poll and flush.
#include "client/producer.h"

#include <fmt/format.h>

#include <thread>

#include "client/errc.h"

namespace eventioz::client {
namespace {

int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

result<std::unique_ptr<producer>> producer::create(const producer_options& options,
                                                   delivery_callback on_delivery) {
  if (options.acks != 0 && options.acks != 1 && options.acks != -1) {
    return error(errc::invalid_argument,
                 fmt::format("acks must be 0, 1 or -1 (all), not {}", options.acks));
  }
  if (options.max_in_flight < 1 || options.batching.batch_size_bytes < 1) {
    return error(errc::invalid_argument, "max in flight and batch size must be at least 1");
  }
  EVENTIOZ_TRY(auto pool, broker_pool::connect(options.connection));
  return std::unique_ptr<producer>(new producer(options, std::move(on_delivery), std::move(pool)));
}

producer::producer(const producer_options& options, delivery_callback on_delivery,
                   std::unique_ptr<broker_pool> pool)
    : _options(options),
      _on_delivery(std::move(on_delivery)),
      _pool(std::move(pool)),
      _accumulator(options.batching),
      _partitioner(options.partitioner) {}

result<int32_t> producer::partition_count(const std::string& topic) {
  auto known = _partition_counts.find(topic);
  if (known != _partition_counts.end()) return known->second;
  std::vector<std::string> topics{topic};
  for (const auto& [name, count] : _partition_counts) topics.push_back(name);
  EVENTIOZ_TRY(const cluster_metadata* metadata,
               _pool->wait_for_leaders(topics, _options.allow_auto_create));
  auto count = static_cast<int32_t>(metadata->topic(topic)->partitions.size());
  _partition_counts[topic] = count;
  return count;
}

result<uint64_t> producer::send(producer_record record) {
  EVENTIOZ_TRY(int32_t count, partition_count(record.topic));
  if (record.partition < -1 || record.partition >= count) {
    return error(errc::invalid_argument,
                 fmt::format("topic {} has partitions 0 to {}; there is no partition {}",
                             record.topic, count - 1, record.partition));
  }
  model::record_to_write entry{std::move(record.key), std::move(record.value),
                               std::move(record.headers),
                               record.timestamp_ms >= 0 ? record.timestamp_ms : wall_clock_ms()};
  int32_t partition = record.partition;
  if (partition < 0) {
    partition = _partitioner.choose(record.topic, entry.key, count);
    // A keyless record that would fill the sticky partition's batch starts the next
    // partition's batch instead, so batches stay full (as Kafka's onNewBatch does).
    if (!entry.key && _accumulator.would_seal(record.topic, partition,
                                              record_accumulator::estimated_size(entry))) {
      _partitioner.on_batch_sealed(record.topic, partition, count);
      partition = _partitioner.choose(record.topic, entry.key, count);
    }
  }
  uint64_t id = _next_id++;
  _accumulator.append(record.topic, partition, std::move(entry), {id, client_clock::now()});
  ++_pending;
  if (_accumulator.sealed_batches() > 0) dispatch(false);
  return id;
}

void producer::poll(std::chrono::milliseconds wait) {
  dispatch(false);
  deadline until = client_clock::now() + wait;
  for (auto& [node_id, requests] : _in_flight) {
    while (!requests.empty()) {
      broker_connection* connection = _pool->open_node(node_id);
      if (connection != nullptr && !connection->answer_ready(until)) break;
      receive_one(node_id);
    }
  }
}

void producer::flush() {
  dispatch(true);
  auto backoff = std::chrono::milliseconds(50);
  while (_pending > 0) {
    bool received = false;
    for (auto& [node_id, requests] : _in_flight) {
      if (requests.empty()) continue;
      receive_one(node_id);
      received = true;
    }
    if (!_retries.empty() || !_accumulator.empty()) {
      // Retries wait a little, so a leader that moved has time to be announced.
      if (!received && !_retries.empty()) std::this_thread::sleep_for(backoff);
      dispatch(true);
      continue;
    }
    EVENTIOZ_ASSERT(received || _pending == 0,
                    "{} records pending with nothing queued, retried or in flight", _pending);
  }
}

}  // namespace eventioz::client
