// The errors of decoding and how they name the place that was wrong, e.g.
// "api_versions_response.api_keys[2].max_version: truncated: needs 2 bytes, 1 remains".
//
// A helper that reads one value fails with only what was wrong ("truncated: ..."). As the
// error returns through the generated code, each level prepends where it was: the field
// (".max_version: "), the array element ("[2]"), and finally the message name. A message that
// already starts with a path ('.' or '[') is joined without ": ". Only failures pay for this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace eventioz::kafka::protocol::wire {

// errc::malformed_message with `what` (no path yet).
error malformed(std::string what);

// errc::unsupported_version: `message` has no definition for `version`.
error unsupported_version(std::string_view message, int16_t version, int16_t min_version,
                          int16_t max_version);

// `inner` unchanged when it succeeded; otherwise its error with the place prepended.
status in_field(std::string_view field, status inner);
status in_element(size_t index, status inner);
status in_message(std::string_view message, status inner);

}  // namespace eventioz::kafka::protocol::wire
