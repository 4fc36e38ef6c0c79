// Base64 (RFC 4648, standard alphabet, padded): how the HTTP API carries bytes that are not
// text, in both directions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"

namespace eventioz::http {

void append_base64(std::string& out, byte_span bytes);
// nullopt when `text` is not padded standard base64 (whitespace is not accepted either).
std::optional<byte_buffer> decode_base64(std::string_view text);

}  // namespace eventioz::http
