// Writing and reading __transaction_state.
#include "txn/state_topic_log.h"

#include <fmt/format.h>

#include "model/record_batch.h"
#include "txn/errc.h"
#include "txn/transaction_record.h"

namespace eventioz::txn {
namespace {

constexpr size_t read_chunk_bytes = 1 << 20;
constexpr size_t record_size_max = 16 << 20;

uint32_t fnv1a(const std::string& text) {
  uint32_t hash = 2166136261u;
  for (unsigned char byte : text) {
    hash ^= byte;
    hash *= 16777619u;
  }
  return hash;
}

}  // namespace

result<std::unique_ptr<state_topic_log>> state_topic_log::open(cluster::topic_manager& topics,
                                                               int32_t partition_count,
                                                               const clock& time) {
  auto existing = topics.find_topic(topic_name);
  if (existing) {
    partition_count = existing->partition_count;
  } else {
    auto created = topics.create_topic({.name = topic_name,
                                        .partition_count = partition_count,
                                        .configs = {{"cleanup.policy", "compact"}},
                                        .internal = true});
    if (!created) return created.error_value().with_context("creating " + std::string(topic_name));
  }
  return std::unique_ptr<state_topic_log>(new state_topic_log(topics, partition_count, time));
}

state_topic_log::state_topic_log(cluster::topic_manager& topics, int32_t partition_count,
                                 const clock& time)
    : _topics(topics), _partition_count(partition_count), _clock(time) {}

int32_t state_topic_log::partition_for(const std::string& transactional_id) const {
  return static_cast<int32_t>(fnv1a(transactional_id) % static_cast<uint32_t>(_partition_count));
}

void state_topic_log::append(const transaction_metadata& record, std::function<void(status)> done) {
  auto target = _topics.get_partition(topic_name, partition_for(record.transactional_id));
  if (!target) return done(target.error_value());
  const std::string& key = record.transactional_id;
  auto batch = model::build_batch({{.key = byte_buffer(key.begin(), key.end()),
                                    .value = encode_transaction_value(record),
                                    .timestamp = _clock.now_ms()}},
                                  {});
  if (!batch) return done(batch.error_value());
  auto bytes = std::make_shared<byte_buffer>(std::move(*batch));
  mutable_byte_span span(bytes->data(), bytes->size());
  (*target)->append(std::span<const mutable_byte_span>(&span, 1),
                    [bytes, done = std::move(done)](result<offset> appended) {
                      if (!appended) return done(appended.error_value());
                      done(ok_status());
                    });
}

result<std::vector<transaction_metadata>> state_topic_log::read_all() {
  std::vector<transaction_metadata> records;
  for (int32_t index = 0; index < _partition_count; ++index) {
    EVENTIOZ_RETURN_IF_ERROR(read_partition(index, records));
  }
  return records;
}

status state_topic_log::read_partition(int32_t index, std::vector<transaction_metadata>& records) {
  EVENTIOZ_TRY(auto target, _topics.get_partition(topic_name, index));
  storage::partition_log& log = target->log();
  offset next = log.log_start_offset();
  offset end = log.committed_end_offset();
  while (next < end) {
    EVENTIOZ_TRY(byte_buffer chunk,
                 log.read_verified({.start = next, .max_bytes = read_chunk_bytes, .end = end}));
    if (chunk.empty()) break;
    byte_span rest(chunk);
    while (!rest.empty()) {
      EVENTIOZ_TRY(model::record_batch_header header, model::parse_batch_header(rest));
      byte_span batch = rest.first(header.size_bytes());
      rest = rest.subspan(header.size_bytes());
      next = header.last_offset() + 1;
      if (header.is_control()) continue;
      EVENTIOZ_TRY(auto batch_records, model::read_records(batch, record_size_max));
      for (auto& each : batch_records) {
        if (!each.key) continue;
        std::string id(each.key->begin(), each.key->end());
        if (!each.value) {  // a tombstone: the id was removed
          records.push_back({.transactional_id = id, .state = transaction_state::dead});
          continue;
        }
        EVENTIOZ_TRY(transaction_metadata decoded, decode_transaction_record(id, *each.value));
        records.push_back(std::move(decoded));
      }
    }
  }
  return ok_status();
}

}  // namespace eventioz::txn
