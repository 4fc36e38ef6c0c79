// The consumer's fetch rounds: one Fetch per leader, sent to all before any answer is read,
// then each partition's records decoded and its position advanced.
#include <fmt/format.h>

#include <map>
#include <thread>

#include "client/consumer.h"
#include "client/errc.h"
#include "client/fetched_records.h"
#include "client/kafka_error.h"

namespace eventioz::client {
namespace {

// A partition answering a retriable error is asked again after this pause, this many times in
// a row at most (about 10 s), before the error is reported.
constexpr auto retry_backoff = std::chrono::milliseconds(200);
constexpr int32_t retriable_failures_max = 50;

}  // namespace

namespace protocol = kafka::protocol;

result<std::vector<consumed_record>> consumer::poll() {
  if (_metadata_stale) {
    EVENTIOZ_RETURN_IF_ERROR(_pool->wait_for_leaders(_topics));
    _metadata_stale = false;
  }
  std::map<int32_t, std::vector<size_t>> by_leader;
  for (size_t i = 0; i < _assignments.size(); ++i) {
    EVENTIOZ_TRY(int32_t leader, leader_of(_assignments[i]));
    by_leader[leader].push_back(i);
  }
  for (const auto& [node_id, indexes] : by_leader) {
    EVENTIOZ_RETURN_IF_ERROR(send_fetch(node_id, indexes));
  }
  std::vector<consumed_record> records;
  for (const auto& [node_id, indexes] : by_leader) {
    EVENTIOZ_RETURN_IF_ERROR(receive_fetch(node_id, indexes, records));
  }
  return records;
}

status consumer::send_fetch(int32_t node_id, const std::vector<size_t>& indexes) {
  EVENTIOZ_TRY(broker_connection * connection, _pool->node(node_id));
  EVENTIOZ_TRY(int16_t version, connection->version_of<protocol::fetch_request>());
  protocol::fetch_request request;
  request.replica_id = -1;
  request.max_wait_ms = _options.max_wait_ms;
  request.min_bytes = _options.min_bytes;
  request.max_bytes = _options.max_bytes;
  request.isolation_level = _options.isolation_level;
  // Sessionless (id 0, epoch -1): every fetch names all its partitions, which keeps a
  // short-lived client simple at the cost of a few bytes per partition.
  request.session_id = 0;
  request.session_epoch = -1;
  for (size_t index : indexes) {
    const assignment& entry = _assignments[index];
    auto topic = std::find_if(request.topics.begin(), request.topics.end(),
                              [&](const auto& item) { return item.topic == entry.topic; });
    if (topic == request.topics.end()) {
      topic = request.topics.emplace(request.topics.end());
      topic->topic = entry.topic;
    }
    auto& partition = topic->partitions.emplace_back();
    partition.partition = entry.partition;
    partition.fetch_offset = entry.position;
    partition.partition_max_bytes = entry.fetch_size_bytes;
  }
  return connection->send_only(request, version);
}

status consumer::receive_fetch(int32_t node_id, const std::vector<size_t>& indexes,
                               std::vector<consumed_record>& records) {
  broker_connection* connection = _pool->open_node(node_id);
  if (connection == nullptr || connection->in_flight() == 0) {
    _metadata_stale = true;
    return error(errc::connection_failed,
                 fmt::format("the connection to broker {} was lost", node_id));
  }
  EVENTIOZ_TRY(auto response, connection->receive<protocol::fetch_response>(
                                  std::chrono::milliseconds(_options.max_wait_ms)));
  if (response->error_code != 0) {
    return kafka_error(response->error_code, fmt::format("fetching from broker {}", node_id));
  }
  byte_buffer scratch;
  bool backoff = false;
  for (size_t index : indexes) {
    assignment& entry = _assignments[index];
    for (const auto& topic : response->responses) {
      if (topic.topic != entry.topic) continue;
      for (const auto& partition : topic.partitions) {
        if (partition.partition_index != entry.partition) continue;
        std::string where = fmt::format("fetching {}/{} at offset {}", entry.topic, entry.partition,
                                        entry.position);
        if (partition.error_code != 0) {
          if (is_retriable(partition.error_code) &&
              ++entry.retriable_failures <= retriable_failures_max) {
            _metadata_stale = true;  // leadership moved or is settling: look again next round
            backoff = true;
            continue;
          }
          return kafka_error(partition.error_code, where);
        }
        entry.retriable_failures = 0;
        entry.high_watermark = partition.high_watermark;
        if (!partition.records) continue;
        auto bytes = partition.records->contiguous_bytes(scratch);
        EVENTIOZ_ASSERT(bytes.has_value(), "a decoded records field holds file slices");
        EVENTIOZ_TRY(
            fetched_records fetched,
            decode_fetched_records(*bytes, offset(entry.position), _options.decompressed_size_max));
        if (fetched.truncated_tail && fetched.next_offset.value() == entry.position) {
          // The next batch alone is larger than we asked for: ask for more next time.
          entry.fetch_size_bytes = std::min(entry.fetch_size_bytes * 2, _options.max_bytes);
        }
        entry.position = fetched.next_offset.value();
        for (model::record& record : fetched.records) {
          records.push_back({entry.topic, entry.partition, std::move(record)});
        }
      }
    }
  }
  // Not a tight loop against a broker that keeps refusing: wait before the next round.
  if (backoff) std::this_thread::sleep_for(retry_backoff);
  return ok_status();
}

}  // namespace eventioz::client
