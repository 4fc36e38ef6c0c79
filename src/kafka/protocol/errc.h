// Expected failures of the Kafka protocol codecs.
#pragma once

#include <system_error>

namespace eventioz::kafka::protocol {

enum class errc {
  malformed_message = 1,  // bytes end early, a length or count exceeds what remains, bad varint
  unsupported_version,    // an API version outside the implemented range
  unknown_api_key,        // an API key with no definition
};

const std::error_category& error_category();

inline std::error_code make_error_code(errc code) {
  return {static_cast<int>(code), error_category()};
}

}  // namespace eventioz::kafka::protocol

template <>
struct std::is_error_code_enum<eventioz::kafka::protocol::errc> : std::true_type {};
