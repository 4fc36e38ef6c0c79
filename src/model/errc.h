// Expected failures of the model module: malformed or unsupported record batches.
#pragma once

#include <system_error>

namespace eventioz::model {

enum class errc {
  batch_truncated = 1,      // fewer bytes than the batch's own lengths say
  batch_length_invalid,     // batch_length below the header size or beyond the limit
  unsupported_magic,        // magic other than 2
  crc_mismatch,             // stored CRC-32C differs from the computed one
  record_count_invalid,     // negative, or inconsistent with last_offset_delta / records
  record_invalid,           // a record's lengths or varints are malformed
  unsupported_compression,  // codec number 5-7
  compression_failed,       // the codec library refused the input
  decompressed_too_large,   // output would exceed the caller's bound
  producer_fields_invalid,  // producer id/epoch/sequence outside their ranges
  timestamp_invalid,        // max_timestamp below base_timestamp
};

const std::error_category& error_category();

inline std::error_code make_error_code(errc code) {
  return {static_cast<int>(code), error_category()};
}

}  // namespace eventioz::model

template <>
struct std::is_error_code_enum<eventioz::model::errc> : std::true_type {};
