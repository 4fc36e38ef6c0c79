#include "kafka/protocol/tests/protocol_test_support.h"

#include <fmt/format.h>

namespace eventioz::kafka::protocol {

std::string hex(byte_span bytes) {
  std::string text;
  for (uint8_t byte : bytes) text += fmt::format("{:02x} ", byte);
  return text;
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
