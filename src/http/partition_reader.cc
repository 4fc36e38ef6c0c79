// Reading committed records out of a partition's log.
#include "http/partition_reader.h"

#include <algorithm>

#include "storage/errc.h"

namespace eventioz::http {
namespace {

// Decompressed records of one batch are bounded like a fetch's (design §10).
constexpr size_t decompressed_batch_bytes_max = 64 << 20;

bool is_aborted(const model::record_batch_header& header,
                const std::vector<cluster::aborted_transaction>& aborted) {
  if (!header.is_transactional()) return false;
  return std::any_of(aborted.begin(), aborted.end(), [&](const auto& transaction) {
    return transaction.producer_id == header.producer_id &&
           transaction.first_offset <= header.base_offset &&
           header.base_offset < transaction.last_offset;
  });
}

}  // namespace

result<partition_records> read_partition_records(cluster::partition& partition, offset start,
                                                 partition_read_limits limits) {
  partition_records out{.next_offset = start,
                        .high_watermark = partition.high_watermark(),
                        .log_start_offset = partition.log().log_start_offset()};
  offset end = partition.last_stable_offset();
  if (start >= end || limits.max_records == 0) {
    if (start > out.high_watermark) {
      return error(storage::make_error_code(storage::errc::offset_out_of_range),
                   "the offset is past the end of the partition");
    }
    return out;
  }
  EVENTIOZ_TRY(
      auto bytes,
      partition.log().read_verified(
          {.start = start, .max_bytes = limits.max_bytes, .end = end, .at_least_one_batch = true}));
  out.bytes_read = bytes.size();
  auto aborted = partition.aborted_transactions(start, end);
  size_t delivered_batch_bytes = 0;
  byte_span remaining(bytes);
  while (!remaining.empty() && out.records.size() < limits.max_records) {
    EVENTIOZ_TRY(auto header, model::parse_batch_header(remaining));
    byte_span batch = remaining.first(header.size_bytes());
    remaining = remaining.subspan(header.size_bytes());
    if (header.is_control() || is_aborted(header, aborted)) {
      out.next_offset = header.last_offset() + 1;
      continue;
    }
    EVENTIOZ_TRY(auto records, model::read_records(batch, decompressed_batch_bytes_max));
    size_t records_before = out.records.size();
    for (model::record& record : records) {
      if (record.record_offset < start) continue;
      if (out.records.size() == limits.max_records) break;
      out.next_offset = record.record_offset + 1;
      out.records.push_back(std::move(record));
      out.origins.push_back({header.last_offset(), batch.size()});
    }
    // A batch read whole moves past compacted-away offsets at its end too.
    if (out.records.size() < limits.max_records) out.next_offset = header.last_offset() + 1;
    if (out.records.size() > records_before) delivered_batch_bytes += batch.size();
  }
  // Counted like a Kafka fetch: records handed out, and the stored bytes of their batches.
  out.delivered_batch_bytes = delivered_batch_bytes;
  if (limits.count_out) partition.probe().sent(out.records.size(), delivered_batch_bytes);
  return out;
}

void count_records_out(cluster::partition& partition, std::span<const batch_origin> records) {
  size_t bytes = 0;
  std::optional<offset> counted;
  for (const batch_origin& origin : records) {
    if (origin.last_offset == counted) continue;
    counted = origin.last_offset;
    bytes += origin.size_bytes;
  }
  if (!records.empty()) partition.probe().sent(records.size(), bytes);
}

}  // namespace eventioz::http
