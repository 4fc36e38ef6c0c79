// Produce: validates and appends each partition's batches on the partition's shard, and
// answers once every partition's batches are durable (acks 1 and all; acks 0 gets no answer).
//
// A partition's records either all land or none do: they are split into batches and, when
// there is more than one, all are validated before the first is appended.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>

#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"
#include "model/errc.h"
#include "model/record_batch.h"

namespace eventioz::kafka {
namespace {

using response_t = protocol::produce_response;
using partition_response_t = response_t::partition_produce_response;

// Decompressed size allowed when validating records ahead of the append (the log's own bound).
constexpr size_t decompressed_batch_size_max = 64 << 20;

// One request's progress: the answer being filled in, and how many partitions are pending.
// Each partition's slot is written by exactly one completion, before it decrements
// `remaining`; the last decrement (which orders after all the others) sends the answer.
struct produce_state {
  request_context_ptr context;
  int16_t acks = 0;
  response_t response;
  std::atomic<size_t> remaining{0};

  void finish_one() {
    if (remaining.fetch_sub(1) != 1) return;
    if (acks == 0) {
      context->respond_nothing();
    } else {
      context->respond(response);
    }
  }
};

partition_response_t failed(int32_t index, kafka_error code) {
  partition_response_t result;
  result.index = index;
  result.error_code = code_of(code);
  result.error_message = std::nullopt;
  result.base_offset = -1;
  result.log_append_time_ms = -1;
  result.log_start_offset = -1;
  return result;
}

// The batches in `records`, each a whole batch; an error if the bytes are not a sequence of
// complete batches.
result<std::vector<byte_span>> split_batches(byte_span records) {
  std::vector<byte_span> batches;
  while (!records.empty()) {
    EVENTIOZ_TRY(model::record_batch_header header, model::parse_batch_header(records));
    if (header.size_bytes() > records.size()) {
      return error(model::errc::batch_truncated, "the last record batch is incomplete");
    }
    batches.push_back(records.first(header.size_bytes()));
    records = records.subspan(header.size_bytes());
  }
  if (batches.empty()) return error(model::errc::batch_truncated, "no record batch");
  return batches;
}

status validate_all(const std::vector<byte_span>& batches) {
  if (batches.size() == 1) return ok_status();  // append validates a single batch itself
  for (byte_span batch : batches) {
    auto header = model::validate_batch(batch);
    if (!header) return header.error_value();
    EVENTIOZ_RETURN_IF_ERROR(model::validate_records(batch, decompressed_batch_size_max));
  }
  return ok_status();
}

void produce_partition(std::shared_ptr<produce_state> state, std::string topic,
                       partition_response_t* slot, byte_span records) {
  broker_context& broker = state->context->broker;
  int32_t index = slot->index;
  auto found = broker.topics.get_partition_for_client_write(topic, index);
  if (!found) {
    *slot = failed(index, to_kafka_error(found.error_value()));
    return state->finish_one();
  }
  auto batches = split_batches(records);
  status valid = batches ? validate_all(*batches) : status(batches.error_value());
  if (!valid) {
    spdlog::debug("produce to {}-{} refused: {}", topic, index, valid.error_value().to_string());
    *slot = failed(index, to_kafka_error(valid.error_value()));
    return state->finish_one();
  }
  auto writable = std::make_shared<std::vector<mutable_byte_span>>();
  for (byte_span batch : *batches) writable->push_back(state->context->writable(batch));
  std::shared_ptr<cluster::partition> target = *found;
  // The arrival number lets the partition refuse a transactional batch sent before its
  // producer's current transaction began there (cluster::partition::append).
  uint64_t arrival = state->context->arrival;
  broker.shards.run_on(target->owner_shard(), [state, target, writable, slot, index, arrival] {
    target->append(
        *writable,
        [state, target, writable, slot, index](result<offset> base) {
          if (!base) {
            spdlog::warn("produce to {}-{} failed: {}", target->id().topic, index,
                         base.error_value().to_string());
            *slot = failed(index, to_kafka_error(base.error_value()));
            // Produce v8+ carries why (an event store's version conflict states the version).
            slot->error_message = message_for_client(base.error_value());
          } else {
            slot->error_code = code_of(kafka_error::none);
            slot->base_offset = base->value();
            slot->log_append_time_ms = -1;
            slot->log_start_offset = target->log().log_start_offset().value();
          }
          state->finish_one();
        },
        arrival);
  });
}

}  // namespace

void handle_produce(request_context_ptr context) {
  auto request = decode_or_close<protocol::produce_request>(*context);
  if (!request) return;
  auto state = std::make_shared<produce_state>();
  state->context = context;
  state->acks = request->acks;

  // Lay out the whole answer first: slots are then filled concurrently, one per partition.
  size_t partitions = 0;
  for (const auto& topic : request->topic_data) {
    auto& topic_response = state->response.responses.emplace_back();
    topic_response.name = topic.name;
    for (const auto& partition : topic.partition_data) {
      topic_response.partition_responses.push_back(failed(partition.index, kafka_error::none));
      ++partitions;
    }
  }
  if (partitions == 0) {
    state->remaining = 1;
    return state->finish_one();
  }
  state->remaining = partitions;

  bool acks_valid = request->acks == 0 || request->acks == 1 || request->acks == -1;
  for (size_t t = 0; t < request->topic_data.size(); ++t) {
    const auto& topic = request->topic_data[t];
    auto& topic_response = state->response.responses[t];
    for (size_t p = 0; p < topic.partition_data.size(); ++p) {
      partition_response_t* slot = &topic_response.partition_responses[p];
      const auto& records = topic.partition_data[p].records;
      byte_buffer scratch;
      std::optional<byte_span> bytes;
      if (records) bytes = records->contiguous_bytes(scratch);
      if (!acks_valid) {
        *slot = failed(slot->index, kafka_error::invalid_required_acks);
        state->finish_one();
      } else if (!bytes || bytes->empty()) {
        *slot = failed(slot->index, kafka_error::corrupt_message);
        state->finish_one();
      } else {
        produce_partition(state, topic.name, slot, *bytes);
      }
    }
  }
}

}  // namespace eventioz::kafka
