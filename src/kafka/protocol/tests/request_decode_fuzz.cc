// libFuzzer target for the generated decoders. Input: API key and version (two big-endian
// int16s), then a body. The body goes through decode_request_body, as the server validates
// requests, and through the request and response types of that key; the whole input is also
// read as a request header of each version. Nothing may crash, leak, read out of bounds or
// overflow, and a message that decodes must encode into bytes that decode again and encode the
// same (decoding itself need not be canonical: unknown tags are dropped, any non-zero byte is
// a true bool).
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "base/assert.h"
#include "base/byte_reader.h"
#include "kafka/protocol/api_registry.h"
#include "kafka/protocol/api_visit.h"
#include "kafka/protocol/errc.h"
#include "kafka/protocol/wire_writer.h"

namespace {

using namespace eventioz;
using namespace eventioz::kafka::protocol;

template <class Message>
byte_buffer encode(const Message& message, int16_t version) {
  wire_writer writer;
  message.encode(writer, version);
  return writer.take_bytes();
}

// Returns whether `body` is exactly one message of this type and version.
template <class Message>
bool check_message(int16_t version, byte_span body) {
  Message message;
  byte_reader reader(body);
  if (!message.decode(reader, version).ok()) return false;
  byte_buffer encoded = encode(message, version);
  Message again;
  byte_reader again_reader(encoded);
  auto decoded = again.decode(again_reader, version);
  EVENTIOZ_ASSERT(decoded.ok(), "re-encoded message does not decode: {}",
                  decoded.error_value().to_string());
  EVENTIOZ_ASSERT(again_reader.at_end(), "re-encoded message has {} bytes too many",
                  again_reader.remaining());
  EVENTIOZ_ASSERT(encode(again, version) == encoded, "encoding is not stable");
  return reader.at_end();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  byte_span input(data, size);
  for (int16_t header_version = 0; header_version <= 2; ++header_version) {
    (void)check_message<request_header>(header_version, input);
  }
  if (size < 4) return 0;
  int16_t key = read_big_endian<int16_t>(data);
  int16_t version = read_big_endian<int16_t>(data + 2);
  byte_span body = input.subspan(4);

  status validated = decode_request_body(key, version, body);
  bool known = visit_api(key, [&]<class Request, class Response>(std::type_identity<Request>,
                                                                 std::type_identity<Response>) {
    bool exact = check_message<Request>(version, body);
    EVENTIOZ_ASSERT(exact == validated.ok(), "decode_request_body disagrees with decode");
    (void)check_message<Response>(version, body);
  });
  if (!known) {
    EVENTIOZ_ASSERT(validated.error_value() == make_error_code(errc::unknown_api_key),
                    "unknown key {} not refused as such", key);
  }
  return 0;
}
