// Reading partitions for a fetch, long polling, and assembling the answer.
#include "kafka/server/fetch_operation.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "kafka/server/aborted_listing.h"
#include "model/compression.h"
#include "model/record_batch_format.h"
#include "storage/errc.h"

namespace eventioz::kafka {
namespace {

using response_t = protocol::fetch_response;

protocol::records_payload as_payload(const std::vector<storage::file_range>& ranges) {
  protocol::records_payload payload;
  for (const auto& range : ranges) {
    payload.append(protocol::file_slice{.fd = range.file->native_handle(),
                                        .position = range.position,
                                        .size_bytes = range.size_bytes,
                                        .keep_alive = range.file});
  }
  return payload;
}

// Fetch versions before 10 cannot carry zstd (clients that old cannot decode it): such a
// partition answers UNSUPPORTED_COMPRESSION_TYPE. Reads only the batch headers' length and
// attributes, batch by batch.
result<bool> contains_zstd(const std::vector<storage::file_range>& ranges) {
  for (const auto& range : ranges) {
    uint64_t position = range.position;
    uint64_t end = range.position + range.size_bytes;
    while (position + model::batch_layout::attributes_at + 2 <= end) {
      std::array<uint8_t, model::batch_layout::attributes_at + 2> header{};
      EVENTIOZ_TRY(size_t read, range.file->read_at(position, header));
      if (read != header.size()) break;
      int32_t batch_length =
          read_big_endian<int32_t>(header.data() + model::batch_layout::batch_length_at);
      int16_t attributes =
          read_big_endian<int16_t>(header.data() + model::batch_layout::attributes_at);
      if ((attributes & 0x7) == static_cast<int>(model::compression::zstd)) return true;
      if (batch_length <= 0) break;
      position += static_cast<uint64_t>(batch_length) + 12;
    }
  }
  return false;
}

constexpr int16_t first_fetch_version_with_zstd = 10;
constexpr int8_t read_committed_isolation = 1;
// The longest a fetch waits for data, whatever its max_wait_ms (clients use 100 ms to a few s).
constexpr int32_t max_wait_ms_max = 10'000;

}  // namespace

fetch_operation::fetch_operation(request_context_ptr context, protocol::fetch_request request)
    : _context(std::move(context)),
      _request(std::move(request)),
      _home_shard(_context->home_shard()) {}

void fetch_operation::start() {
  cluster::topic_manager& topics = _context->broker.topics;
  for (const auto& topic : _request.topics) {
    for (const auto& wanted : topic.partitions) {
      partition_read read{
          .topic = topic.topic,
          .index = wanted.partition,
          .fetch_offset = wanted.fetch_offset,
          // A partition never gets more than the whole answer may hold
          // (its first batch excepted, KIP-74).
          .max_bytes = std::min(wanted.partition_max_bytes, std::max(_request.max_bytes, 0)),
          .api_version = _context->api_version,
          .read_committed = _request.isolation_level == read_committed_isolation};
      auto found = topics.get_partition(topic.topic, wanted.partition);
      if (found) {
        read.target = *found;
      } else {
        read.error = to_kafka_error(found.error_value());
      }
      _reads.push_back(std::move(read));
    }
  }
  read_all();
}

void fetch_operation::read_all() {
  _reads_pending = _reads.size();
  if (_reads_pending == 0) return on_reads_done();
  io::shard_set& shards = _context->broker.shards;
  for (partition_read& read : _reads) {
    uint32_t owner = read.target ? read.target->owner_shard() : _home_shard;
    shards.run_on(owner, [self = shared_from_this(), &read, &shards] {
      read_one(read);
      shards.run_on(self->_home_shard, [self] {
        if (--self->_reads_pending == 0) self->on_reads_done();
      });
    });
  }
}

void fetch_operation::read_one(partition_read& read) {
  read.ranges.clear();
  read.aborted.clear();
  read.size_bytes = 0;
  if (!read.target) return;
  read.error = kafka_error::none;
  storage::partition_log& log = read.target->log();
  // The LSO first: it never passes the high watermark read after it.
  offset last_stable = read.target->last_stable_offset();
  offset high_watermark = read.target->high_watermark();
  read.high_watermark = high_watermark.value();
  read.last_stable_offset = last_stable.value();
  read.log_start_offset = log.log_start_offset().value();
  offset start(read.fetch_offset);
  if (start < log.log_start_offset() || start > log.log_end_offset()) {
    read.error = kafka_error::offset_out_of_range;
    return;
  }
  // Appended but not yet durable (or, read_committed, not yet decided): nothing to read yet,
  // but not an error.
  offset end = read.read_committed ? last_stable : high_watermark;
  if (start >= end || read.max_bytes <= 0) return;
  auto result = log.read({.start = start,
                          .max_bytes = static_cast<size_t>(read.max_bytes),
                          .end = end,
                          .at_least_one_batch = true});
  if (!result) {
    read.error = to_kafka_error(result.error_value());
    if (result.error_value() != storage::errc::offset_out_of_range) {
      spdlog::warn("fetch from {}-{} at {} failed: {}", read.topic, read.index, read.fetch_offset,
                   result.error_value().to_string());
    }
    return;
  }
  if (read.api_version < first_fetch_version_with_zstd) {
    auto zstd = contains_zstd(result->ranges);
    if (!zstd || *zstd) {
      read.error =
          zstd ? kafka_error::unsupported_compression_type : to_kafka_error(zstd.error_value());
      return;
    }
  }
  read.ranges = std::move(result->ranges);
  read.size_bytes = result->size_bytes;
  read.next_offset = result->next_offset.value();
  if (read.read_committed && read.size_bytes > 0) {
    auto aborted = aborted_as_listed(read.target->aborted_transactions(start, result->next_offset),
                                     start, read.ranges);
    if (!aborted) {
      read.error = to_kafka_error(aborted.error_value());
      read.ranges.clear();
      read.size_bytes = 0;
      return;
    }
    read.aborted = std::move(*aborted);
  }
}

void fetch_operation::on_reads_done() {
  if (_responded) return;
  uint64_t total = 0;
  bool has_error = false;
  for (const auto& read : _reads) {
    total += read.size_bytes;
    has_error |= read.error != kafka_error::none;
  }
  // min_bytes 0 (or less) answers at once, even with nothing to read, as Kafka does.
  bool enough = total >= static_cast<uint64_t>(std::max(_request.min_bytes, 0)) || has_error;
  // A broker shutting down answers what it has instead of waiting.
  if (enough || _deadline_passed || _request.max_wait_ms <= 0 || _reads.empty() ||
      _context->broker.draining.load()) {
    return respond();
  }
  wait_for_data();
}

void fetch_operation::wait_for_data() {
  if (!_timer) {
    // Bounded, so a client cannot park a request (and its memory) for days.
    int32_t wait_ms = std::min(_request.max_wait_ms, max_wait_ms_max);
    _timer = std::make_unique<boost::asio::steady_timer>(
        _context->broker.shards.context(_home_shard), std::chrono::milliseconds(wait_ms));
    _timer->async_wait([self = shared_from_this()](boost::system::error_code failure) {
      if (failure) return;  // cancelled: the fetch was answered
      self->_deadline_passed = true;
      if (self->_reads_pending == 0) self->respond();
    });
  }
  _waiting = true;
  _wake_pending = false;
  io::shard_set& shards = _context->broker.shards;
  for (partition_read& read : _reads) {
    if (!read.target) continue;
    // Wakes when the partition has more than it had when read.
    offset seen(std::max(read.high_watermark, read.fetch_offset));
    read.watch_ticket = read.target->watch_high_watermark(
        seen, [weak = weak_from_this(), &shards, home = _home_shard] {
          shards.run_on(home, [weak] {
            if (auto self = weak.lock()) self->on_wake();
          });
        });
  }
}

void fetch_operation::on_wake() {
  if (_responded || !_waiting || _wake_pending) return;
  _wake_pending = true;
  stop_waiting();
  read_all();
}

void fetch_operation::stop_waiting() {
  _waiting = false;
  for (partition_read& read : _reads) {
    if (read.target && read.watch_ticket != 0) read.target->unwatch(read.watch_ticket);
    read.watch_ticket = 0;
  }
}

void fetch_operation::respond() {
  if (_responded) return;
  _responded = true;
  stop_waiting();
  if (_timer) _timer->cancel();

  response_t response;
  uint64_t budget = _request.max_bytes > 0 ? static_cast<uint64_t>(_request.max_bytes) : 0;
  uint64_t used = 0;
  for (const partition_read& read : _reads) {
    if (response.responses.empty() || response.responses.back().topic != read.topic) {
      response.responses.emplace_back().topic = read.topic;
    }
    auto& partition = response.responses.back().partitions.emplace_back();
    partition.partition_index = read.index;
    partition.error_code = code_of(read.error);
    partition.high_watermark = read.high_watermark;
    partition.last_stable_offset = read.last_stable_offset;
    partition.log_start_offset = read.log_start_offset;
    partition.preferred_read_replica = -1;
    // max_bytes bounds the whole answer, except that the first data always goes (KIP-74), so
    // a consumer can make progress past a batch larger than its limit.
    bool fits = used == 0 || used + read.size_bytes <= budget;
    if (read.size_bytes > 0 && fits) {
      partition.records = as_payload(read.ranges);
      used += read.size_bytes;
      // Records out: the offsets the batches span from the fetch offset (exact for batches
      // written by producers; counts compacted-away offsets and markers too).
      read.target->probe().sent(
          static_cast<uint64_t>(std::max<int64_t>(read.next_offset - read.fetch_offset, 0)),
          read.size_bytes);
      if (read.read_committed) {
        // The consumer drops these producers' records from each first offset up to their
        // ABORT marker.
        auto& aborted = partition.aborted_transactions.emplace();
        for (const cluster::aborted_transaction& transaction : read.aborted) {
          aborted.push_back({.producer_id = transaction.producer_id,
                             .first_offset = transaction.first_offset.value()});
        }
      }
    } else {
      partition.records = protocol::records_payload();
    }
  }
  _context->respond(response);
}

}  // namespace eventioz::kafka
