// Building the paths of decoding errors (decode_error.h).
#include "kafka/protocol/decode_error.h"

#include <fmt/format.h>

#include "kafka/protocol/errc.h"

namespace eventioz::kafka::protocol::wire {
namespace {

bool starts_with_path(const std::string& message) {
  return !message.empty() && (message.front() == '.' || message.front() == '[');
}

status prefixed(std::string_view place, status inner) {
  if (inner.ok()) return inner;
  error failure = std::move(inner).error_value();
  const std::string& message = failure.message();
  return error(failure.code(),
               fmt::format("{}{}{}", place, starts_with_path(message) ? "" : ": ", message));
}

}  // namespace

error malformed(std::string what) { return error(errc::malformed_message, std::move(what)); }

error unsupported_version(std::string_view message, int16_t version, int16_t min_version,
                          int16_t max_version) {
  return error(errc::unsupported_version,
               fmt::format("{}: version {} is not implemented (versions {} to {})", message,
                           version, min_version, max_version));
}

status in_field(std::string_view field, status inner) {
  if (inner.ok()) return inner;
  return prefixed(fmt::format(".{}", field), std::move(inner));
}

status in_element(size_t index, status inner) {
  if (inner.ok()) return inner;
  return prefixed(fmt::format("[{}]", index), std::move(inner));
}

status in_message(std::string_view message, status inner) {
  return prefixed(message, std::move(inner));
}

}  // namespace eventioz::kafka::protocol::wire
