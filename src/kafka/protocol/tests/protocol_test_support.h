// Helpers shared by the protocol tests: a message to plain bytes and back, and hex for
// failure messages.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "base/byte_reader.h"
#include "base/bytes.h"
#include "base/result.h"
#include "kafka/protocol/errc.h"
#include "kafka/protocol/wire_writer.h"

namespace eventioz::kafka::protocol {

std::string hex(byte_span bytes);

// Byte tables written as the protocol lays them out: concat({{0x00, 0x03}, text("abc")}).
byte_buffer text(std::string_view characters);
byte_buffer concat(std::initializer_list<byte_buffer> parts);

template <class Message>
byte_buffer encode_bytes(const Message& message, int16_t version) {
  wire_writer writer;
  message.encode(writer, version);
  return writer.take_bytes();
}

// Decodes `bytes` as a whole: what decode returns, and a failure if bytes are left over.
template <class Message>
status decode_all(byte_span bytes, int16_t version, Message& message) {
  byte_reader reader(bytes);
  EVENTIOZ_RETURN_IF_ERROR(message.decode(reader, version));
  if (!reader.at_end()) {
    return error(errc::malformed_message,
                 std::to_string(reader.remaining()) + " bytes left after the message");
  }
  return ok_status();
}

// Checks `failure` is errc::malformed_message whose message contains `text`.
::testing::AssertionResult is_malformed(const status& failure, const std::string& text);

}  // namespace eventioz::kafka::protocol
