// POST /v1/topics/{topic}/records (produce) and GET (consume, consume_records.cc).
//
// Produce: the whole request is parsed and checked first (produce_request.h: formats, base64,
// header shapes, partitions, the record limit; then every partition is looked up and every
// batch built and checked against the topic's max.message.bytes), so a refused request writes
// nothing. Then one uncompressed batch per partition is appended on the partition's owner shard
// (as Kafka Produce does), and the answer goes out once every append is durable (acknowledged
// by the partition), with each record's partition and offset in request order. A partition
// whose append fails answers its records with a per-record error; the others still succeed.
//
// An unknown topic is created first when auto.create.topics.enable is on (as a Kafka producer's
// Metadata request would), else 404.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

#include "cluster/errc.h"
#include "http/error_mapping.h"
#include "http/produce_request.h"
#include "http/record_handlers.h"
#include "http/record_json.h"
#include "http/routes.h"
#include "http/topic_json.h"
#include "storage/errc.h"
#include "storage/log_manager.h"

namespace eventioz::http {
namespace {

// One produce request in flight: the batches and, per record, its partition and offset.
struct produce_call {
  responder respond;
  std::vector<int32_t> partitions;             // per record
  std::vector<int64_t> offsets;                // per record; -1 while unknown or failed
  std::vector<partition_batch> batches;        // one per partition
  std::vector<mutable_byte_span> spans;        // per batch: its bytes, as append takes them
  std::vector<std::optional<error>> failures;  // per batch
  std::atomic<size_t> remaining{0};

  void finish_one() {
    if (remaining.fetch_sub(1) != 1) return;
    std::string body;
    body.reserve(offsets.size() * 32 + 16);
    body += "{\"results\":[";
    std::vector<const error*> failure_of_record(offsets.size(), nullptr);
    for (size_t b = 0; b < batches.size(); ++b) {
      if (!failures[b]) continue;
      for (size_t index : batches[b].record_indices) failure_of_record[index] = &*failures[b];
    }
    for (size_t i = 0; i < offsets.size(); ++i) {
      if (i > 0) body += ',';
      if (const error* failure = failure_of_record[i]) {
        fmt::format_to(std::back_inserter(body), "{{\"partition\":{},\"error\":", partitions[i]);
        append_json_string(body, failure->message());
        body += ",\"error_code\":";
        append_json_string(body, kind_of(failure->code()).slug);
        body += '}';
      } else {
        fmt::format_to(std::back_inserter(body), "{{\"partition\":{},\"offset\":{}}}",
                       partitions[i], offsets[i]);
      }
    }
    body += "]}";
    respond({.status = 200, .body = std::move(body)});
  }
};

// The topic, created first when auto-creation is on.
result<cluster::topic_metadata> topic_for_produce(http_context& context, const std::string& name) {
  auto topic = find_topic(context.topics, name);
  if (topic || !context.topics.settings().auto_create_topics) return topic;
  EVENTIOZ_RETURN_IF_ERROR(storage::validate_topic_name(name));
  auto created = context.topics.create_topic({.name = name});
  if (created) {
    spdlog::info("http: created topic {} for a produce request (auto.create.topics.enable)", name);
    return *created;
  }
  // Another request created it meanwhile.
  if (created.error_value() == cluster::errc::topic_exists) return find_topic(context.topics, name);
  return created.error_value();
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void handle_produce(http_context& context, const http_request& request, responder respond) {
  // One partition per request for records without a key, moving on with every request.
  static std::atomic<uint32_t> unkeyed_turn{0};
  auto parsed = parse_produce_request(request.message.body());
  if (!parsed) return respond(error_response(parsed.error_value()));
  auto topic = topic_for_produce(context, request.param("topic"));
  if (!topic) return respond(error_response(topic.error_value()));
  int32_t unkeyed = static_cast<int32_t>(unkeyed_turn.fetch_add(1, std::memory_order_relaxed) %
                                         static_cast<uint32_t>(topic->partition_count));
  auto partitions = assign_partitions(*parsed, topic->partition_count, unkeyed);
  if (!partitions) return respond(error_response(partitions.error_value()));
  auto batches = build_partition_batches(*parsed, *partitions, now_ms());
  if (!batches) return respond(error_response(batches.error_value()));

  // Every partition found and every batch within its topic's limit before anything is written.
  std::vector<std::shared_ptr<cluster::partition>> targets;
  targets.reserve(batches->size());
  for (const partition_batch& batch : *batches) {
    auto target = context.topics.get_partition_for_client_write(topic->name, batch.partition);
    if (!target) return respond(error_response(target.error_value()));
    uint64_t limit = (*target)->log().config().max_message_bytes;
    if (batch.batch.size() > limit) {
      return respond(problem(
          413, "batch-too-large", "The records are too large for the topic",
          fmt::format("the {} records for partition {} make a batch of {} bytes, over the topic's "
                      "max.message.bytes ({}); send fewer or smaller records per request",
                      batch.record_indices.size(), batch.partition, batch.batch.size(), limit)));
    }
    targets.push_back(std::move(*target));
  }

  auto call = std::make_shared<produce_call>();
  call->respond = std::move(respond);
  call->partitions = std::move(*partitions);
  call->offsets.assign(call->partitions.size(), -1);
  call->batches = std::move(*batches);
  call->failures.resize(call->batches.size());
  for (partition_batch& batch : call->batches) call->spans.emplace_back(batch.batch);
  call->remaining = call->batches.size();
  for (size_t b = 0; b < call->batches.size(); ++b) {
    std::shared_ptr<cluster::partition> target = targets[b];
    context.shards.run_on(target->owner_shard(), [call, target, b] {
      target->append(std::span<const mutable_byte_span>(&call->spans[b], 1),
                     [call, target, b](result<offset> base) {
                       partition_batch& done = call->batches[b];
                       if (!base) {
                         spdlog::warn("http produce to {}-{} failed: {}", target->id().topic,
                                      done.partition, base.error_value().to_string());
                         call->failures[b] = base.error_value();
                       } else {
                         for (size_t k = 0; k < done.record_indices.size(); ++k) {
                           call->offsets[done.record_indices[k]] =
                               base->value() + static_cast<int64_t>(k);
                         }
                       }
                       call->finish_one();
                     });
    });
  }
}

void add_record_routes(router& routes, http_context& context) {
  routes.add(verb::post, "/v1/topics/{topic}/records",
             [&context](const http_request& request, responder respond) {
               handle_produce(context, request, std::move(respond));
             });
  routes.add(verb::get, "/v1/topics/{topic}/records",
             [&context](const http_request& request, responder respond) {
               handle_consume(context, request, std::move(respond));
             },
             // What consume_records.cc's parse_query reads.
             {"partition", "offset", "timestamp", "offsets", "limit", "key", "max_scan"});
}

}  // namespace eventioz::http
