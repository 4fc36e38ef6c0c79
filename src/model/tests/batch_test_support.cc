#include "model/tests/batch_test_support.h"

#include <algorithm>

#include "base/crc32c.h"
#include "model/record_batch_format.h"

namespace eventioz::model::testing {

namespace layout = batch_layout;

byte_buffer bytes_of(std::string_view text) { return byte_buffer(text.begin(), text.end()); }

std::vector<record_to_write> sample_records() {
  std::vector<record_to_write> records;
  records.push_back({bytes_of("key-1"), bytes_of("value-1"), {}, 1'700'000'000'000});
  records.push_back({std::nullopt, bytes_of("no key"), {}, 1'700'000'000'005});
  records.push_back({bytes_of("key-1"), std::nullopt, {}, 1'700'000'000'003});  // tombstone
  records.push_back({bytes_of("key-2"), bytes_of(""), {}, 1'700'000'000'010});
  records.push_back({bytes_of(""), bytes_of("empty key"), {}, 1'699'999'999'000});
  record_to_write with_headers{bytes_of("key-3"), bytes_of("with headers"), {}, 1'700'000'000'020};
  with_headers.headers.push_back({"content-type", bytes_of("application/json")});
  with_headers.headers.push_back({"null-value", std::nullopt});
  with_headers.headers.push_back({"", bytes_of("empty key")});
  with_headers.headers.push_back({"ce_id", bytes_of("")});
  records.push_back(std::move(with_headers));
  return records;
}

std::vector<record_to_write> many_records(size_t count, size_t value_size) {
  std::vector<record_to_write> records;
  records.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    std::string value;
    while (value.size() < value_size) value += "event " + std::to_string(i) + " payload; ";
    value.resize(value_size);
    records.push_back({bytes_of("key-" + std::to_string(i % 17)),
                       bytes_of(value),
                       {},
                       static_cast<int64_t>(1'000'000 + i)});
  }
  return records;
}

void recompute_crc(mutable_byte_span batch) {
  uint32_t crc = crc32c(byte_span(batch).subspan(layout::attributes_at));
  write_big_endian(batch.data() + layout::crc_at, crc);
}

byte_buffer assemble_batch(byte_span records_region, int32_t record_count,
                           int32_t last_offset_delta, const batch_options& options,
                           int64_t base_timestamp, int64_t max_timestamp) {
  // Sized once and copied into: GCC 12 at -O3 misreports insert() after a fixed-size start.
  byte_buffer batch(layout::header_size + records_region.size());
  std::copy(records_region.begin(), records_region.end(), batch.begin() + layout::header_size);
  write_field(batch, layout::base_offset_at, options.base_offset.value());
  write_field(batch, layout::batch_length_at,
              static_cast<int32_t>(batch.size() - layout::length_prefix_size));
  write_field(batch, layout::partition_leader_epoch_at, options.partition_leader_epoch);
  write_field(batch, layout::magic_at, layout::magic_v2);
  int16_t attributes = static_cast<int16_t>(options.codec);
  if (options.transactional) attributes |= layout::transactional_bit;
  if (options.control) attributes |= layout::control_bit;
  write_field(batch, layout::attributes_at, attributes);
  write_field(batch, layout::last_offset_delta_at, last_offset_delta);
  write_field(batch, layout::base_timestamp_at, base_timestamp);
  write_field(batch, layout::max_timestamp_at, max_timestamp);
  write_field(batch, layout::producer_id_at, options.producer_id);
  write_field(batch, layout::producer_epoch_at, options.producer_epoch);
  write_field(batch, layout::base_sequence_at, options.base_sequence);
  write_field(batch, layout::record_count_at, record_count);
  recompute_crc(batch);
  return batch;
}

}  // namespace eventioz::model::testing
