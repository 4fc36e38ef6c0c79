#include "kafka/protocol/tests/protocol_test_support.h"

#include <fmt/format.h>

namespace eventioz::kafka::protocol {

std::string hex(byte_span bytes) {
  std::string text;
  for (uint8_t byte : bytes) text += fmt::format("{:02x} ", byte);
  return text;
}

byte_buffer text(std::string_view characters) {
  byte_span bytes = as_bytes(characters);
  return byte_buffer(bytes.begin(), bytes.end());
}

byte_buffer concat(std::initializer_list<byte_buffer> parts) {
  byte_buffer joined;
  for (const byte_buffer& part : parts) joined.insert(joined.end(), part.begin(), part.end());
  return joined;
}

::testing::AssertionResult is_malformed(const status& failure, const std::string& text) {
  if (failure.ok()) return ::testing::AssertionFailure() << "decoding succeeded";
  const error& found = failure.error_value();
  if (found.code() != make_error_code(errc::malformed_message)) {
    return ::testing::AssertionFailure() << "not malformed_message: " << found;
  }
  if (found.message().find(text) == std::string::npos) {
    return ::testing::AssertionFailure() << "'" << found.message() << "' lacks '" << text << "'";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace eventioz::kafka::protocol
