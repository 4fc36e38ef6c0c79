// Expected failures of the storage module. Batch validation failures keep the model module's
// codes (model::errc) so the Kafka layer can map them to CORRUPT_MESSAGE and friends.
#pragma once

#include <system_error>

namespace eventioz::storage {

enum class errc {
  offset_out_of_range = 1,  // read below the log start or past the log end
  corrupt_data,             // a stored batch fails its CRC or its framing: never served
  committed_data_damaged,   // recovery would have to cut below the committed offset
  truncation_below_committed,
  batch_too_large,  // larger than max.message.bytes
  invalid_config,   // unknown key or out-of-range value
  log_closed,       // the log was closed or deleted
  partition_exists,
  partition_not_found,
  invalid_partition_name,
};

const std::error_category& error_category();

inline std::error_code make_error_code(errc code) {
  return {static_cast<int>(code), error_category()};
}

}  // namespace eventioz::storage

template <>
struct std::is_error_code_enum<eventioz::storage::errc> : std::true_type {};
