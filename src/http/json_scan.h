// A small validating JSON scanner for the produce body, the hot path of the HTTP API (a
// general-purpose DOM parser spent most of an HTTP produce building strings one character at
// a time). It works on the request's bytes in place: a value is a span of the body, strings
// are unescaped only when a record needs their bytes, and a JSON value stored as a record's
// value is its text as sent with the whitespace between tokens removed (object member order
// and number spelling kept).
//
// Grammar: RFC 8259, strictly (no comments, trailing commas, NaN, leading zeros, control
// characters in strings, invalid escapes or lone surrogates); the text must be UTF-8. Nesting
// is bounded (depth_max). Errors are http::errc::bad_json with the byte position.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace eventioz::http::json_scan {

inline constexpr int depth_max = 64;

enum class kind { null, boolean, number, string, array, object };

struct value {
  kind type = kind::null;
  std::string_view raw;  // the value's text; for a string, with its quotes
};

// Checks that `text` is exactly one JSON value (whitespace around it allowed).
status validate(std::string_view text);

// A cursor over text that validate() accepted.
class cursor {
 public:
  explicit cursor(std::string_view text) : _text(text) {}

  void skip_whitespace();
  bool consume(char c);  // after whitespace
  char peek();           // after whitespace; '\0' at the end
  // The next value (after whitespace), skipped over.
  value next();
  size_t position() const { return _pos; }

 private:
  void skip_string();
  void skip_compound();

  std::string_view _text;
  size_t _pos = 0;
};

// The content of a string value, escapes decoded to UTF-8. REQUIRES: a validated string value.
std::string string_content(const value& string);
// The text of a validated value without the whitespace between its tokens.
void append_compact(std::string& out, std::string_view raw);

}  // namespace eventioz::http::json_scan
