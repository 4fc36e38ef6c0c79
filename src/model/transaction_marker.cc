// Building and reading COMMIT/ABORT control batches.
#include "model/transaction_marker.h"

#include <fmt/format.h>

#include "base/assert.h"
#include "model/errc.h"
#include "model/record_batch.h"

namespace eventioz::model {
namespace {

constexpr int16_t marker_version = 0;
constexpr int16_t abort_type = 0;
constexpr int16_t commit_type = 1;
constexpr size_t key_size = 4;
constexpr size_t value_size = 6;
// A marker batch is tiny; the bound only keeps a damaged one from allocating much.
constexpr size_t decompressed_size_max = 1 << 16;

}  // namespace

byte_buffer build_transaction_marker(const transaction_marker& marker) {
  byte_buffer key(key_size);
  write_big_endian<int16_t>(key.data(), marker_version);
  write_big_endian<int16_t>(key.data() + 2, marker.commit ? commit_type : abort_type);
  byte_buffer value(value_size);
  write_big_endian<int16_t>(value.data(), marker_version);
  write_big_endian<int32_t>(value.data() + 2, marker.coordinator_epoch);
  auto batch = build_batch(
      {{.key = std::move(key), .value = std::move(value), .timestamp = marker.timestamp_ms}},
      {.producer_id = marker.producer_id,
       .producer_epoch = marker.producer_epoch,
       .base_sequence = -1,
       .transactional = true,
       .control = true});
  EVENTIOZ_ASSERT(batch.ok(), "a transaction marker did not build: {}",
                  batch.error_value().to_string());
  return std::move(*batch);
}

result<transaction_marker> parse_transaction_marker(byte_span batch) {
  EVENTIOZ_TRY(record_batch_header header, validate_batch(batch));
  if (!header.is_control()) {
    return error(errc::record_invalid, "not a control batch, so not a transaction marker");
  }
  EVENTIOZ_TRY(std::vector<record> records, read_records(batch, decompressed_size_max));
  if (records.size() != 1 || !records[0].key || records[0].key->size() < key_size) {
    return error(errc::record_invalid,
                 fmt::format("control batch at offset {} holds no transaction marker",
                             header.base_offset.value()));
  }
  const byte_buffer& key = *records[0].key;
  int16_t type = read_big_endian<int16_t>(key.data() + 2);
  if (type != abort_type && type != commit_type) {
    return error(errc::record_invalid,
                 fmt::format("control batch at offset {} has marker type {}, neither ABORT (0) "
                             "nor COMMIT (1)",
                             header.base_offset.value(), type));
  }
  transaction_marker marker{.producer_id = header.producer_id,
                            .producer_epoch = header.producer_epoch,
                            .commit = type == commit_type,
                            .timestamp_ms = header.max_timestamp};
  const auto& value = records[0].value;
  if (value && value->size() >= value_size) {
    marker.coordinator_epoch = read_big_endian<int32_t>(value->data() + 2);
  }
  return marker;
}

}  // namespace eventioz::model
