// Decoding the fixed batch header, and rewriting the fields of it that the broker owns.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "base/assert.h"
#include "base/crc32c.h"
#include "model/record_batch.h"
#include "model/record_batch_format.h"

namespace eventioz::model {

namespace layout = batch_layout;

compression record_batch_header::codec() const {
  return static_cast<compression>(attributes & layout::compression_mask);
}

bool record_batch_header::is_transactional() const {
  return (attributes & layout::transactional_bit) != 0;
}

bool record_batch_header::is_control() const { return (attributes & layout::control_bit) != 0; }

bool record_batch_header::uses_log_append_time() const {
  return (attributes & layout::timestamp_type_bit) != 0;
}

namespace {

template <class T>
T field(byte_span bytes, size_t at) {
  return read_big_endian<T>(bytes.data() + at);
}

// REQUIRES: bytes.size() >= header_size.
record_batch_header decode_header(byte_span bytes) {
  record_batch_header header;
  header.base_offset = offset(field<int64_t>(bytes, layout::base_offset_at));
  header.batch_length = field<int32_t>(bytes, layout::batch_length_at);
  header.partition_leader_epoch = field<int32_t>(bytes, layout::partition_leader_epoch_at);
  header.magic = field<int8_t>(bytes, layout::magic_at);
  header.crc = field<uint32_t>(bytes, layout::crc_at);
  header.attributes = field<int16_t>(bytes, layout::attributes_at);
  header.last_offset_delta = field<int32_t>(bytes, layout::last_offset_delta_at);
  header.base_timestamp = field<int64_t>(bytes, layout::base_timestamp_at);
  header.max_timestamp = field<int64_t>(bytes, layout::max_timestamp_at);
  header.producer_id = field<int64_t>(bytes, layout::producer_id_at);
  header.producer_epoch = field<int16_t>(bytes, layout::producer_epoch_at);
  header.base_sequence = field<int32_t>(bytes, layout::base_sequence_at);
  header.record_count = field<int32_t>(bytes, layout::record_count_at);
  return header;
}

}  // namespace

result<record_batch_header> parse_batch_header(byte_span bytes, size_t batch_size_max) {
  if (bytes.size() < layout::header_size) {
    return error(errc::batch_truncated,
                 fmt::format("a record batch needs a {}-byte header but only {} bytes are there",
                             layout::header_size, bytes.size()));
  }
  record_batch_header header = decode_header(bytes);
  // Magic before length: older message formats keep their magic at the same place but count
  // their length differently, so this names their real problem.
  if (header.magic != layout::magic_v2) {
    return error(errc::unsupported_magic,
                 fmt::format("record batch magic {} is not supported; only magic 2 (Kafka 0.11 "
                             "and later) is: upgrade the client",
                             header.magic));
  }
  constexpr int64_t length_min = layout::header_size - layout::length_prefix_size;
  int64_t length_max =
      static_cast<int64_t>(std::min<size_t>(batch_size_max, std::numeric_limits<int32_t>::max())) -
      static_cast<int64_t>(layout::length_prefix_size);
  if (header.batch_length < length_min || header.batch_length > length_max) {
    return error(errc::batch_length_invalid,
                 fmt::format("record batch length {} is outside [{}, {}]: the batch is damaged "
                             "or larger than allowed",
                             header.batch_length, length_min, length_max));
  }
  // last_offset() must be computable for any header handed out.
  int64_t last_offset = 0;
  if (__builtin_add_overflow(header.base_offset.value(), header.last_offset_delta, &last_offset)) {
    return error(errc::record_count_invalid,
                 fmt::format("record batch base offset {} plus last offset delta {} overflows",
                             header.base_offset, header.last_offset_delta));
  }
  return header;
}

void set_base_offset(mutable_byte_span batch, offset base) {
  EVENTIOZ_ASSERT(batch.size() >= layout::header_size, "batch of {} bytes", batch.size());
  write_big_endian(batch.data() + layout::base_offset_at, base.value());
}

void set_partition_leader_epoch(mutable_byte_span batch, int32_t epoch) {
  EVENTIOZ_ASSERT(batch.size() >= layout::header_size, "batch of {} bytes", batch.size());
  write_big_endian(batch.data() + layout::partition_leader_epoch_at, epoch);
}

void set_log_append_time(mutable_byte_span batch, int64_t timestamp_ms) {
  EVENTIOZ_ASSERT(batch.size() >= layout::header_size, "batch of {} bytes", batch.size());
  write_big_endian(batch.data() + layout::max_timestamp_at, timestamp_ms);
  auto attributes = read_big_endian<int16_t>(batch.data() + layout::attributes_at);
  write_big_endian(batch.data() + layout::attributes_at,
                   static_cast<int16_t>(attributes | layout::timestamp_type_bit));
  uint32_t crc = crc32c(byte_span(batch).subspan(layout::attributes_at));
  write_big_endian(batch.data() + layout::crc_at, crc);
}

}  // namespace eventioz::model
