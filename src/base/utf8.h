// UTF-8 checks for text that leaves the process in formats that require it (JSON logs,
// Prometheus label values): bytes from clients are not always UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace eventioz {

// The length of the well-formed UTF-8 sequence starting at text[at] (1 to 4), or 0 when the
// bytes there are not one: a stray continuation byte, a cut sequence, an overlong form, a
// surrogate or a value past U+10FFFF. REQUIRES: at < text.size().
size_t utf8_sequence_length(std::string_view text, size_t at);

// Appends `text` with every byte that is not part of a well-formed sequence replaced by
// U+FFFD (the replacement character).
void append_utf8_replacing_invalid(std::string& out, std::string_view text);

}  // namespace eventioz
