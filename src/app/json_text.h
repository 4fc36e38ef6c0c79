// JSON text for the CLI's machine-readable output (consume --format json, bench --json):
// quoting strings, including bytes that are not UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace eventioz::app {

// Appends `text` as a quoted JSON string. Valid UTF-8 passes through; control characters are
// escaped; each byte that is not part of valid UTF-8 becomes the character with the same
// value (\u0080-\u00ff, as Latin-1 reads it), so any bytes print and nothing is dropped.
void append_json_string(std::string& out, std::string_view text);

inline std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace eventioz::app
