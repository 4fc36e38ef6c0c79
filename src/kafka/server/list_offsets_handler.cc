// ListOffsets: the earliest offset (-2), the latest (-1: the high watermark, or for
// read_committed, isolation_level 1, the last stable offset), or the first offset whose
// timestamp is at least the one asked for, with that record's timestamp.
#include <spdlog/spdlog.h>

#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"
#include "model/record_batch.h"

namespace eventioz::kafka {
namespace {

using response_t = protocol::list_offsets_response;
using partition_response_t = response_t::list_offsets_partition_response;

constexpr int64_t latest_timestamp = -1;
constexpr int64_t earliest_timestamp = -2;
constexpr int8_t read_committed = 1;
constexpr size_t decompressed_batch_size_max = 64 << 20;

// The timestamp of the record at `target`, read from its batch.
result<int64_t> timestamp_of(storage::partition_log& log, offset target) {
  EVENTIOZ_TRY(byte_buffer batch,
               log.read_verified({.start = target, .max_bytes = 1, .at_least_one_batch = true}));
  EVENTIOZ_TRY(auto header, model::parse_batch_header(batch));
  EVENTIOZ_TRY(auto records, model::read_records(byte_span(batch).first(header.size_bytes()),
                                                 decompressed_batch_size_max));
  for (const auto& record : records) {
    if (record.record_offset >= target) return record.timestamp;
  }
  return header.max_timestamp;
}

partition_response_t lookup(cluster::partition& target, int32_t index, int64_t timestamp,
                            bool read_committed) {
  partition_response_t answer;
  answer.partition_index = index;
  storage::partition_log& log = target.log();
  // What the consumer may read: up to the last stable offset for read_committed.
  offset readable_end = read_committed ? target.last_stable_offset() : target.high_watermark();
  answer.timestamp = -1;
  if (timestamp == latest_timestamp) {
    answer.offset = readable_end.value();
    return answer;
  }
  if (timestamp == earliest_timestamp) {
    answer.offset = log.log_start_offset().value();
    return answer;
  }
  auto found = log.offset_for_timestamp(timestamp);
  if (!found) {
    answer.error_code = code_of(to_kafka_error(found.error_value()));
    return answer;
  }
  // No record that new (or only beyond what consumers may read yet): Kafka answers -1.
  if (!*found || **found >= readable_end) {
    answer.offset = -1;
    return answer;
  }
  answer.offset = (*found)->value();
  auto record_timestamp = timestamp_of(log, **found);
  if (!record_timestamp) {
    spdlog::warn("timestamp of {}-{} at {}: {}", target.id().topic, index, answer.offset,
                 record_timestamp.error_value().to_string());
    answer.error_code = code_of(to_kafka_error(record_timestamp.error_value()));
    return answer;
  }
  answer.timestamp = *record_timestamp;
  return answer;
}

}  // namespace

void handle_list_offsets(request_context_ptr context) {
  auto request = decode_or_close<protocol::list_offsets_request>(*context);
  if (!request) return;
  response_t response;
  for (const auto& topic : request->topics) {
    auto& topic_response = response.topics.emplace_back();
    topic_response.name = topic.name;
    for (const auto& wanted : topic.partitions) {
      auto found = context->broker.topics.get_partition(topic.name, wanted.partition_index);
      if (!found) {
        partition_response_t failed;
        failed.partition_index = wanted.partition_index;
        failed.error_code = code_of(to_kafka_error(found.error_value()));
        failed.timestamp = -1;
        failed.offset = -1;
        topic_response.partitions.push_back(failed);
        continue;
      }
      topic_response.partitions.push_back(lookup(**found, wanted.partition_index, wanted.timestamp,
                                                 request->isolation_level == read_committed));
    }
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
