// Expected failures of the client, category "client". Errors the broker reports come with
// Kafka's own codes instead (kafka_error.h), so a caller can branch on the broker's answer.
#pragma once

#include <system_error>

namespace eventioz::client {

enum class errc {
  invalid_argument = 1,  // refused before anything was sent: bad address, partition, option
  connection_failed,     // could not connect, or the connection broke
  timed_out,             // no answer before the deadline
  protocol_violation,    // the broker's answer could not be decoded or did not match the request
  unsupported_version,   // the broker and this client share no version of a needed API
  corrupt_data,          // fetched records failed their CRC or could not be decoded
  metadata_unavailable,  // the broker did not name a leader for a partition in time
};

const std::error_category& error_category();

inline std::error_code make_error_code(errc code) {
  return {static_cast<int>(code), error_category()};
}

}  // namespace eventioz::client

template <>
struct std::is_error_code_enum<eventioz::client::errc> : std::true_type {};
