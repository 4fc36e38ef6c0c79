// Helpers shared by the model's tests: sample records, comparing what was written with what
// was read, and hand-assembling batches so tests can put any bytes in any field.
#pragma once

#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "model/record_batch.h"

namespace eventioz::model::testing {

inline constexpr compression all_codecs[] = {
    compression::none, compression::gzip, compression::snappy, compression::lz4, compression::zstd};

byte_buffer bytes_of(std::string_view text);

// Keys, a null key, a tombstone, an empty value, an empty key, headers (one with a null value,
// one with an empty key) and timestamps that go backwards.
std::vector<record_to_write> sample_records();

// `count` records of about `value_size` bytes each, compressible (repeating text).
std::vector<record_to_write> many_records(size_t count, size_t value_size);

// Rewrites the CRC after a test changed a covered field on purpose.
void recompute_crc(mutable_byte_span batch);

// Writes a field of the header; REQUIRES: batch holds a header.
template <class T>
void write_field(byte_buffer& batch, size_t at, T value) {
  write_big_endian(batch.data() + at, value);
}

// A batch around a records region written by hand: header fields from `options` and the
// arguments, CRC computed. The region is stored as given, even under a codec.
byte_buffer assemble_batch(byte_span records_region, int32_t record_count,
                           int32_t last_offset_delta, const batch_options& options = {},
                           int64_t base_timestamp = 0, int64_t max_timestamp = 0);

}  // namespace eventioz::model::testing
