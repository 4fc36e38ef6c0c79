// Whole-batch checks: extent, CRC-32C and the consistency of the header's fields.
#include "model/batch_checks.h"

#include <fmt/format.h>

#include "base/crc32c.h"
#include "model/record_batch_format.h"

namespace eventioz::model {
namespace detail {
namespace {

namespace layout = batch_layout;

status check_codec(const record_batch_header& header) {
  int codec = header.attributes & layout::compression_mask;
  if (codec > static_cast<int>(compression::zstd)) {
    return error(errc::unsupported_compression,
                 fmt::format("record batch compression codec {} is not supported; the producer "
                             "must use none, gzip, snappy, lz4 or zstd",
                             codec));
  }
  return ok_status();
}

status check_record_count(const record_batch_header& header) {
  if (header.record_count < 0) {
    return error(errc::record_count_invalid,
                 fmt::format("record batch claims {} records", header.record_count));
  }
  if (header.last_offset_delta < 0) {
    return error(
        errc::record_count_invalid,
        fmt::format("record batch last offset delta {} is negative", header.last_offset_delta));
  }
  // Offset deltas are distinct and start at 0 or above, so n records span at least n offsets.
  if (header.record_count > 0 && header.last_offset_delta < header.record_count - 1) {
    return error(errc::record_count_invalid,
                 fmt::format("record batch holds {} records but its offsets span only {}",
                             header.record_count, header.last_offset_delta + 1));
  }
  return ok_status();
}

// Lenient on purpose: clients without idempotence send producer id, epoch and sequence -1,
// but some set only the id to -1; anything below -1 is never written by a correct client.
status check_producer_fields(const record_batch_header& header) {
  if (header.producer_id < -1 || header.producer_epoch < -1 || header.base_sequence < -1) {
    return error(errc::producer_fields_invalid,
                 fmt::format("record batch producer id {}, epoch {}, sequence {}: none may be "
                             "below -1",
                             header.producer_id, header.producer_epoch, header.base_sequence));
  }
  return ok_status();
}

// Under LogAppendTime the broker wrote max_timestamp from its own clock, which may be behind
// the producer's, so the order is only meaningful for CreateTime.
status check_timestamps(const record_batch_header& header) {
  if (!header.uses_log_append_time() && header.max_timestamp < header.base_timestamp) {
    return error(errc::timestamp_invalid,
                 fmt::format("record batch max timestamp {} is below its base timestamp {}",
                             header.max_timestamp, header.base_timestamp));
  }
  return ok_status();
}

}  // namespace

result<record_batch_header> parse_exact_batch(byte_span batch) {
  EVENTIOZ_TRY(record_batch_header header, parse_batch_header(batch));
  if (batch.size() < header.size_bytes()) {
    return error(errc::batch_truncated,
                 fmt::format("record batch length says {} bytes but only {} are there",
                             header.size_bytes(), batch.size()));
  }
  if (batch.size() > header.size_bytes()) {
    return error(errc::batch_length_invalid,
                 fmt::format("record batch length says {} bytes but {} were given as one batch",
                             header.size_bytes(), batch.size()));
  }
  return header;
}

status check_crc(byte_span batch, const record_batch_header& header) {
  uint32_t computed = crc32c(batch.subspan(layout::attributes_at));
  if (computed != header.crc) {
    return error(errc::crc_mismatch,
                 fmt::format("record batch CRC-32C is {:#010x} but its bytes give {:#010x}: the "
                             "batch was damaged on the way or on disk",
                             header.crc, computed));
  }
  return ok_status();
}

status check_header_fields(const record_batch_header& header) {
  EVENTIOZ_RETURN_IF_ERROR(check_codec(header));
  EVENTIOZ_RETURN_IF_ERROR(check_record_count(header));
  EVENTIOZ_RETURN_IF_ERROR(check_producer_fields(header));
  return check_timestamps(header);
}

}  // namespace detail

result<record_batch_header> validate_batch(byte_span batch) {
  EVENTIOZ_TRY(record_batch_header header, detail::parse_exact_batch(batch));
  EVENTIOZ_RETURN_IF_ERROR(detail::check_crc(batch, header));
  EVENTIOZ_RETURN_IF_ERROR(detail::check_header_fields(header));
  return header;
}

}  // namespace eventioz::model
