// What the client makes of the broker's error codes (kafka/protocol/error_code.h): whether a
// retry can help, and what a person should do about it. An `error` built here carries the
// broker's exact code, so a caller can compare it: `failure == kafka_errc::topic_already_exists`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "base/result.h"
#include "kafka/protocol/error_code.h"

namespace eventioz::client {

using kafka_errc = kafka::protocol::error_code;

// "UNKNOWN_TOPIC_OR_PARTITION", or "error 123" for a code outside the table.
std::string kafka_error_name(int16_t code);

// Whether sending the same request again (after refreshing metadata) may succeed.
bool is_retriable(int16_t code);

// The error for a broker's answer `code` (not 0) while `doing` something, e.g.
// "creating topic orders: TOPIC_ALREADY_EXISTS: the topic already exists — choose another
// name, or delete it first". `broker_message` is the response's error_message, when it has one.
error kafka_error(int16_t code, std::string_view doing,
                  const std::optional<std::string>& broker_message = std::nullopt);

}  // namespace eventioz::client
