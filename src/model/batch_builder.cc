// Building a complete batch from records: encode, compress, then fill in the header and the
// CRC, which covers everything from the attributes on.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "base/assert.h"
#include "base/crc32c.h"
#include "model/errc.h"
#include "model/record_batch.h"
#include "model/record_batch_format.h"
#include "model/record_codec.h"

namespace eventioz::model {
namespace {

namespace layout = batch_layout;

// Offset deltas as written: -1 becomes the record's position. They must strictly increase.
result<std::vector<int32_t>> offset_deltas(const std::vector<record_to_write>& records) {
  if (records.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return error(errc::record_count_invalid,
                 fmt::format("{} records do not fit one batch", records.size()));
  }
  std::vector<int32_t> deltas;
  deltas.reserve(records.size());
  int64_t previous = -1;
  for (size_t i = 0; i < records.size(); ++i) {
    int32_t delta =
        records[i].offset_delta == -1 ? static_cast<int32_t>(i) : records[i].offset_delta;
    if (delta <= previous) {
      return error(errc::record_invalid,
                   fmt::format("record {} has offset delta {}, not above the previous {}", i, delta,
                               previous));
    }
    deltas.push_back(delta);
    previous = delta;
  }
  return deltas;
}

// A batch without records is written uncompressed, as Kafka writes them: there is nothing to
// compress, and an empty compressed stream is not empty bytes in every codec.
int16_t attributes_of(const batch_options& options, bool has_records) {
  int16_t attributes = has_records ? static_cast<int16_t>(options.codec) : 0;
  if (options.transactional) attributes |= layout::transactional_bit;
  if (options.control) attributes |= layout::control_bit;
  return attributes;
}

struct timestamps {
  int64_t base = -1;  // -1 for a batch without records: Kafka's "no timestamp"
  int64_t max = -1;
};

timestamps timestamps_of(const std::vector<record_to_write>& records) {
  if (records.empty()) return {};
  timestamps result{records.front().timestamp, records.front().timestamp};
  for (const record_to_write& record : records) result.max = std::max(result.max, record.timestamp);
  return result;
}

// Room for the records region: their bytes plus a generous allowance for the varints, so
// encoding does not reallocate as it goes.
size_t region_size_estimate(const std::vector<record_to_write>& records) {
  constexpr size_t varints_per_record_max = 32;
  size_t size = 0;
  for (const record_to_write& record : records) {
    size += varints_per_record_max + (record.key ? record.key->size() : 0) +
            (record.value ? record.value->size() : 0);
    for (const record_header& header : record.headers) {
      size += 10 + header.key.size() + (header.value ? header.value->size() : 0);
    }
  }
  return size;
}

// Encodes the records region, uncompressed, onto `to`.
status append_records(byte_buffer& to, const std::vector<record_to_write>& records,
                      const std::vector<int32_t>& deltas, int64_t base_timestamp) {
  to.reserve(to.size() + region_size_estimate(records));
  for (size_t i = 0; i < records.size(); ++i) {
    int64_t timestamp_delta = 0;
    if (__builtin_sub_overflow(records[i].timestamp, base_timestamp, &timestamp_delta)) {
      return error(errc::timestamp_invalid,
                   fmt::format("record {}'s timestamp {} is too far from the first record's {}", i,
                               records[i].timestamp, base_timestamp));
    }
    EVENTIOZ_RETURN_IF_ERROR(detail::append_record(to, records[i], timestamp_delta, deltas[i]));
  }
  return ok_status();
}

void write_header(byte_buffer& batch, const batch_options& options, int32_t last_offset_delta,
                  timestamps times, int32_t record_count) {
  uint8_t* at = batch.data();
  write_big_endian(at + layout::base_offset_at, options.base_offset.value());
  write_big_endian(at + layout::batch_length_at,
                   static_cast<int32_t>(batch.size() - layout::length_prefix_size));
  write_big_endian(at + layout::partition_leader_epoch_at, options.partition_leader_epoch);
  write_big_endian(at + layout::magic_at, layout::magic_v2);
  write_big_endian(at + layout::attributes_at, attributes_of(options, record_count > 0));
  write_big_endian(at + layout::last_offset_delta_at, last_offset_delta);
  write_big_endian(at + layout::base_timestamp_at, times.base);
  write_big_endian(at + layout::max_timestamp_at, times.max);
  write_big_endian(at + layout::producer_id_at, options.producer_id);
  write_big_endian(at + layout::producer_epoch_at, options.producer_epoch);
  write_big_endian(at + layout::base_sequence_at, options.base_sequence);
  write_big_endian(at + layout::record_count_at, record_count);
  write_big_endian(at + layout::crc_at, crc32c(byte_span(batch).subspan(layout::attributes_at)));
}

}  // namespace

result<byte_buffer> build_batch(const std::vector<record_to_write>& records,
                                const batch_options& options) {
  EVENTIOZ_ASSERT(!records.empty() || options.last_offset_delta.has_value(),
                  "a batch without records needs options.last_offset_delta");
  if (options.codec > compression::zstd) {
    return error(errc::unsupported_compression, fmt::format("compression codec {} is not supported",
                                                            static_cast<int>(options.codec)));
  }
  EVENTIOZ_TRY(std::vector<int32_t> deltas, offset_deltas(records));
  int32_t last_offset_delta =
      options.last_offset_delta.value_or(deltas.empty() ? 0 : deltas.back());
  if (last_offset_delta < 0 || (!deltas.empty() && last_offset_delta < deltas.back())) {
    return error(errc::record_count_invalid,
                 fmt::format("last offset delta {} is below the last record's", last_offset_delta));
  }
  timestamps times = timestamps_of(records);

  byte_buffer batch(layout::header_size);
  if (options.codec == compression::none || records.empty()) {
    EVENTIOZ_RETURN_IF_ERROR(append_records(batch, records, deltas, times.base));
  } else {
    byte_buffer raw;
    EVENTIOZ_RETURN_IF_ERROR(append_records(raw, records, deltas, times.base));
    EVENTIOZ_TRY(byte_buffer compressed, compress(options.codec, raw));
    batch.insert(batch.end(), compressed.begin(), compressed.end());
  }
  if (batch.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return error(errc::batch_length_invalid,
                 fmt::format("a batch of {} bytes is larger than the format allows", batch.size()));
  }
  write_header(batch, options, last_offset_delta, times, static_cast<int32_t>(records.size()));
  return batch;
}

}  // namespace eventioz::model
