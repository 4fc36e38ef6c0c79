#include "client/record_accumulator.h"

#include "model/record_batch_format.h"

namespace eventioz::client {
namespace {

// A record's framing: length, attributes, timestamp and offset deltas, key and value lengths,
// header count, at their largest varint sizes. Overestimating only seals batches a little
// early; underestimating could exceed the broker's limit.
constexpr size_t record_overhead_bytes = 5 + 1 + 10 + 5 + 5 + 5 + 5;
constexpr size_t header_overhead_bytes = 5 + 5;

}  // namespace

size_t record_accumulator::estimated_size(const model::record_to_write& record) {
  size_t size = record_overhead_bytes;
  if (record.key) size += record.key->size();
  if (record.value) size += record.value->size();
  for (const model::record_header& header : record.headers) {
    size += header_overhead_bytes + header.key.size() + (header.value ? header.value->size() : 0);
  }
  return size;
}

bool record_accumulator::would_seal(const std::string& topic, int32_t partition,
                                    size_t size_bytes) const {
  auto open = _open.find({topic, partition});
  if (open == _open.end() || open->second.records.empty()) return false;
  return open->second.size_bytes + size_bytes > static_cast<size_t>(_options.batch_size_bytes);
}

void record_accumulator::append(const std::string& topic, int32_t partition,
                                model::record_to_write record, record_ticket ticket) {
  size_t size = estimated_size(record);
  if (would_seal(topic, partition, size)) seal(_open.find({topic, partition}));
  auto [open, created] = _open.try_emplace({topic, partition});
  open_batch& batch = open->second;
  if (created) {
    batch.topic = topic;
    batch.partition = partition;
    batch.size_bytes = model::batch_layout::header_size;
    batch.first_enqueued = ticket.enqueued;
  }
  batch.size_bytes += size;
  batch.records.push_back(std::move(record));
  batch.tickets.push_back(ticket);
}

void record_accumulator::seal(std::map<partition_key, open_batch>::iterator open) {
  _sealed.push_back(std::move(open->second));
  _open.erase(open);
}

void record_accumulator::seal_due(client_clock::time_point now, bool flush) {
  for (auto open = _open.begin(); open != _open.end();) {
    auto next = std::next(open);
    if (flush || now - open->second.first_enqueued >= _options.linger) seal(open);
    open = next;
  }
}

std::vector<sealed_batch> record_accumulator::take_sealed() {
  std::vector<sealed_batch> batches;
  batches.reserve(_sealed.size());
  for (open_batch& batch : _sealed) {
    sealed_batch& sealed = batches.emplace_back();
    sealed.topic = std::move(batch.topic);
    sealed.partition = batch.partition;
    sealed.records = std::move(batch.tickets);
    auto built = model::build_batch(batch.records, {.codec = _options.codec});
    if (built) {
      sealed.bytes = std::move(built).value();
    } else {
      sealed.failure = std::move(built).error_value();
    }
  }
  _sealed.clear();
  return batches;
}

std::optional<client_clock::time_point> record_accumulator::next_due() const {
  std::optional<client_clock::time_point> earliest;
  for (const auto& [key, batch] : _open) {
    auto due = batch.first_enqueued + _options.linger;
    if (!earliest || due < *earliest) earliest = due;
  }
  return earliest;
}

}  // namespace eventioz::client
