// The producer's traffic: turning sealed batches into Produce requests for each leader, and
// turning the answers into delivery reports or retries.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "client/errc.h"
#include "client/kafka_error.h"
#include "client/producer.h"

namespace eventioz::client {

namespace protocol = kafka::protocol;

void producer::refresh_metadata_if_stale() {
  if (!_metadata_stale) return;
  _metadata_stale = false;
  std::vector<std::string> topics;
  for (const auto& [name, count] : _partition_counts) topics.push_back(name);
  // A failure leaves the old metadata; the batches' retries (bounded) will meet it again.
  (void)_pool->wait_for_leaders(topics, false);
}

void producer::dispatch(bool flush) {
  _accumulator.seal_due(client_clock::now(), flush);
  std::vector<batch_in_flight> ready = std::move(_retries);
  _retries.clear();
  for (sealed_batch& batch : _accumulator.take_sealed()) {
    _partitioner.on_batch_sealed(batch.topic, batch.partition, _partition_counts[batch.topic]);
    batch_in_flight entry{std::move(batch), 0};
    if (entry.batch.failure) {
      error failure = entry.batch.failure->with_context(
          fmt::format("building a batch for {}/{}", entry.batch.topic, entry.batch.partition));
      complete(entry, -1, &failure);
      continue;
    }
    ready.push_back(std::move(entry));
  }
  if (ready.empty()) return;
  refresh_metadata_if_stale();

  std::map<int32_t, std::vector<batch_in_flight>> by_leader;
  for (batch_in_flight& entry : ready) {
    const topic_metadata* topic = _pool->metadata().topic(entry.batch.topic);
    const partition_metadata* partition =
        topic != nullptr ? topic->partition(entry.batch.partition) : nullptr;
    if (partition == nullptr || partition->leader < 0) {
      retry_or_fail(
          std::move(entry),
          error(errc::metadata_unavailable,
                fmt::format("no leader known for {}/{}", entry.batch.topic, entry.batch.partition)),
          true);
      continue;
    }
    by_leader[partition->leader].push_back(std::move(entry));
  }
  for (auto& [node_id, batches] : by_leader) send_to_leader(node_id, std::move(batches));
}

producer::request_in_flight producer::take_request(std::vector<batch_in_flight>& batches) const {
  // At most one batch per partition (the broker requires it), and no larger than the request
  // size limit unless a single batch is larger on its own. The rest stay for later requests.
  request_in_flight request;
  std::vector<batch_in_flight> later;
  std::set<std::pair<std::string, int32_t>> partitions;
  size_t size_bytes = 0;
  for (batch_in_flight& entry : batches) {
    bool fits = request.batches.empty() ||
                size_bytes + entry.batch.bytes.size() <= _options.request_size_max_bytes;
    if (!fits || !partitions.emplace(entry.batch.topic, entry.batch.partition).second) {
      later.push_back(std::move(entry));
      continue;
    }
    size_bytes += entry.batch.bytes.size();
    request.batches.push_back(std::move(entry));
  }
  batches = std::move(later);
  return request;
}

status producer::write_request(int32_t node_id, const request_in_flight& request) {
  EVENTIOZ_TRY(broker_connection * connection, _pool->node(node_id));
  EVENTIOZ_TRY(int16_t version, connection->version_of<protocol::produce_request>());
  protocol::produce_request message;
  message.acks = _options.acks;
  message.timeout_ms = static_cast<int32_t>(_options.connection.request_timeout.count());
  for (const batch_in_flight& entry : request.batches) {
    auto topic = std::find_if(message.topic_data.begin(), message.topic_data.end(),
                              [&](const auto& data) { return data.name == entry.batch.topic; });
    if (topic == message.topic_data.end()) {
      topic = message.topic_data.emplace(message.topic_data.end());
      topic->name = entry.batch.topic;
    }
    auto& partition = topic->partition_data.emplace_back();
    partition.index = entry.batch.partition;
    // Borrowed: the request is encoded before send_only returns.
    partition.records = protocol::records_payload(byte_span(entry.batch.bytes));
  }
  return connection->send_only(message, version, _options.acks != 0);
}

void producer::send_to_leader(int32_t node_id, std::vector<batch_in_flight> batches) {
  while (!batches.empty()) {
    request_in_flight request = take_request(batches);
    // Keep at most max_in_flight requests outstanding: handle the oldest answer first.
    while (_in_flight[node_id].size() >= static_cast<size_t>(_options.max_in_flight)) {
      receive_one(node_id);
    }
    status sent = write_request(node_id, request);
    if (!sent) {
      // A broker without a usable Produce version will not gain one by retrying; anything
      // else lost the connection, and the requests already on it with it.
      bool retriable = sent.error_value() != errc::unsupported_version;
      if (retriable) fail_connection(node_id, sent.error_value());
      for (batch_in_flight& entry : request.batches) {
        retry_or_fail(std::move(entry), sent.error_value(), retriable);
      }
      continue;
    }
    if (_options.acks == 0) {
      for (const batch_in_flight& entry : request.batches) complete(entry, -1, nullptr);
    } else {
      _in_flight[node_id].push_back(std::move(request));
    }
  }
}

void producer::receive_one(int32_t node_id) {
  auto& requests = _in_flight[node_id];
  EVENTIOZ_ASSERT(!requests.empty(), "no request in flight to broker {}", node_id);
  broker_connection* connection = _pool->open_node(node_id);
  if (connection == nullptr || connection->in_flight() == 0) {
    fail_connection(node_id, error(errc::connection_failed,
                                   fmt::format("the connection to broker {} was lost", node_id)));
    return;
  }
  auto response = connection->receive<protocol::produce_response>();
  request_in_flight request = std::move(requests.front());
  requests.pop_front();
  if (!response) {
    for (batch_in_flight& entry : request.batches) {
      retry_or_fail(std::move(entry), response.error_value(), true);
    }
    fail_connection(node_id, response.error_value());
    return;
  }
  const protocol::produce_response& message = response->message;
  for (batch_in_flight& entry : request.batches) {
    const auto* answer = [&]() -> const protocol::produce_response::partition_produce_response* {
      for (const auto& topic : message.responses) {
        if (topic.name != entry.batch.topic) continue;
        for (const auto& partition : topic.partition_responses) {
          if (partition.index == entry.batch.partition) return &partition;
        }
      }
      return nullptr;
    }();
    if (answer == nullptr) {
      retry_or_fail(
          std::move(entry),
          error(errc::protocol_violation, fmt::format("broker {} did not answer for {}/{}", node_id,
                                                      entry.batch.topic, entry.batch.partition)),
          false);
    } else if (answer->error_code != 0) {
      error failure =
          kafka_error(answer->error_code,
                      fmt::format("producing to {}/{}", entry.batch.topic, entry.batch.partition));
      retry_or_fail(std::move(entry), failure, is_retriable(answer->error_code));
    } else {
      complete(entry, answer->base_offset, nullptr);
    }
  }
}

void producer::complete(const batch_in_flight& entry, int64_t base_offset, const error* failure) {
  auto now = client_clock::now();
  const sealed_batch& batch = entry.batch;
  for (size_t i = 0; i < batch.records.size(); ++i) {
    delivery_report report;
    report.id = batch.records[i].id;
    report.topic = batch.topic;
    report.partition = batch.partition;
    report.offset =
        failure == nullptr && base_offset >= 0 ? base_offset + static_cast<int64_t>(i) : -1;
    report.enqueued = batch.records[i].enqueued;
    report.completed = now;
    report.failure = failure;
    if (_on_delivery) _on_delivery(report);
  }
  EVENTIOZ_ASSERT(_pending >= batch.records.size(), "more reports than records");
  _pending -= batch.records.size();
}

void producer::retry_or_fail(batch_in_flight entry, const error& failure, bool retriable) {
  if (retriable && entry.attempts < _options.retries) {
    ++entry.attempts;
    _metadata_stale = true;
    _retries.push_back(std::move(entry));
    return;
  }
  complete(entry, -1, &failure);
}

void producer::fail_connection(int32_t node_id, const error& failure) {
  auto& requests = _in_flight[node_id];
  std::deque<request_in_flight> lost = std::move(requests);
  requests.clear();
  for (request_in_flight& request : lost) {
    for (batch_in_flight& entry : request.batches) retry_or_fail(std::move(entry), failure, true);
  }
}

}  // namespace eventioz::client
