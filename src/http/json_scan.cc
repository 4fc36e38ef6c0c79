// The validating JSON scanner (json_scan.h).
#include "http/json_scan.h"

#include <fmt/format.h>

#include <cstring>

#include "http/errc.h"
#include "http/record_json.h"

namespace eventioz::http::json_scan {
namespace {

bool is_whitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A full validating pass, recursive over arrays and objects (bounded by depth_max).
class validator {
 public:
  explicit validator(std::string_view text) : _text(text) {}

  status run() {
    if (!is_valid_utf8(as_bytes(_text))) {
      return fail("the body is not valid UTF-8");
    }
    skip_whitespace();
    EVENTIOZ_RETURN_IF_ERROR(value(0));
    skip_whitespace();
    if (_pos != _text.size()) return fail("unexpected text after the JSON value");
    return ok_status();
  }

 private:
  error fail(std::string_view what) const {
    return error(make_error_code(errc::bad_json),
                 fmt::format("the body is not JSON: {} (byte {})", what, _pos + 1));
  }
  bool at_end() const { return _pos >= _text.size(); }
  char current() const { return at_end() ? '\0' : _text[_pos]; }
  void skip_whitespace() {
    while (!at_end() && is_whitespace(_text[_pos])) ++_pos;
  }

  status value(int depth) {
    switch (current()) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        if (current() == '-' || is_digit(current())) return number();
        return at_end()
                   ? fail("the body ends where a value was expected")
                   : fail(fmt::format("unexpected '{}' where a value was expected", current()));
    }
  }

  status literal(std::string_view word) {
    if (_text.substr(_pos, word.size()) != word) return fail("an invalid literal");
    _pos += word.size();
    return ok_status();
  }

  status number() {
    if (current() == '-') ++_pos;
    if (current() == '0') {
      ++_pos;
    } else if (is_digit(current())) {
      while (is_digit(current())) ++_pos;
    } else {
      return fail("a number without digits");
    }
    if (current() == '.') {
      ++_pos;
      if (!is_digit(current())) return fail("a number without digits after '.'");
      while (is_digit(current())) ++_pos;
    }
    if (current() == 'e' || current() == 'E') {
      ++_pos;
      if (current() == '+' || current() == '-') ++_pos;
      if (!is_digit(current())) return fail("a number without digits in its exponent");
      while (is_digit(current())) ++_pos;
    }
    return ok_status();
  }

  status string() {
    ++_pos;  // the opening quote
    const char* data = _text.data();
    size_t size = _text.size();
    while (true) {
      while (_pos < size) {
        unsigned char c = static_cast<unsigned char>(data[_pos]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++_pos;
      }
      if (_pos >= size) return fail("a string that does not end");
      char c = data[_pos];
      if (c == '"') {
        ++_pos;
        return ok_status();
      }
      if (c != '\\') return fail("a control character in a string (escape it)");
      ++_pos;
      EVENTIOZ_RETURN_IF_ERROR(escape());
    }
  }

  status escape() {
    switch (current()) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        ++_pos;
        return ok_status();
      case 'u': {
        ++_pos;
        EVENTIOZ_TRY(int unit, hex4());
        if (unit >= 0xDC00 && unit <= 0xDFFF) return fail("a lone low surrogate \\u escape");
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          if (_text.substr(_pos, 2) != "\\u") return fail("a high surrogate without its pair");
          _pos += 2;
          EVENTIOZ_TRY(int low, hex4());
          if (low < 0xDC00 || low > 0xDFFF) return fail("a high surrogate without its pair");
        }
        return ok_status();
      }
      default:
        return fail("an invalid escape in a string");
    }
  }

  result<int> hex4() {
    if (_pos + 4 > _text.size()) return fail("a \\u escape without 4 hex digits");
    int unit = 0;
    for (int i = 0; i < 4; ++i) {
      int digit = hex_value(_text[_pos + i]);
      if (digit < 0) return fail("a \\u escape without 4 hex digits");
      unit = unit * 16 + digit;
    }
    _pos += 4;
    return unit;
  }

  status array(int depth) {
    if (depth > depth_max) return nested_too_deep();
    ++_pos;
    skip_whitespace();
    if (current() == ']') {
      ++_pos;
      return ok_status();
    }
    while (true) {
      skip_whitespace();
      EVENTIOZ_RETURN_IF_ERROR(value(depth));
      skip_whitespace();
      if (current() == ',') {
        ++_pos;
        continue;
      }
      if (current() == ']') {
        ++_pos;
        return ok_status();
      }
      return fail("expected ',' or ']' in an array");
    }
  }

  status object(int depth) {
    if (depth > depth_max) return nested_too_deep();
    ++_pos;
    skip_whitespace();
    if (current() == '}') {
      ++_pos;
      return ok_status();
    }
    while (true) {
      skip_whitespace();
      if (current() != '"') return fail("expected a member name (a string) in an object");
      EVENTIOZ_RETURN_IF_ERROR(string());
      skip_whitespace();
      if (current() != ':') return fail("expected ':' after a member name");
      ++_pos;
      skip_whitespace();
      EVENTIOZ_RETURN_IF_ERROR(value(depth));
      skip_whitespace();
      if (current() == ',') {
        ++_pos;
        continue;
      }
      if (current() == '}') {
        ++_pos;
        return ok_status();
      }
      return fail("expected ',' or '}' in an object");
    }
  }

  error nested_too_deep() const {
    return fail(fmt::format("arrays and objects nested deeper than {} levels; flatten the data",
                            depth_max));
  }

  std::string_view _text;
  size_t _pos = 0;
};

void append_utf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

uint32_t hex4_at(std::string_view text, size_t at) {
  uint32_t unit = 0;
  for (size_t i = 0; i < 4; ++i) unit = unit * 16 + static_cast<uint32_t>(hex_value(text[at + i]));
  return unit;
}

}  // namespace

status validate(std::string_view text) { return validator(text).run(); }

void cursor::skip_whitespace() {
  while (_pos < _text.size() && is_whitespace(_text[_pos])) ++_pos;
}

bool cursor::consume(char c) {
  skip_whitespace();
  if (_pos < _text.size() && _text[_pos] == c) {
    ++_pos;
    return true;
  }
  return false;
}

char cursor::peek() {
  skip_whitespace();
  return _pos < _text.size() ? _text[_pos] : '\0';
}

void cursor::skip_string() {
  ++_pos;
  while (true) {
    const void* quote = std::memchr(_text.data() + _pos, '"', _text.size() - _pos);
    size_t at = static_cast<const char*>(quote) - _text.data();  // validated: it exists
    size_t backslashes = 0;
    while (_text[at - 1 - backslashes] == '\\') ++backslashes;
    _pos = at + 1;
    if (backslashes % 2 == 0) return;
  }
}

void cursor::skip_compound() {
  int depth = 0;
  while (true) {
    char c = _text[_pos];
    if (c == '"') {
      skip_string();
      continue;
    }
    ++_pos;
    if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && --depth == 0) {
      return;
    }
  }
}

value cursor::next() {
  skip_whitespace();
  size_t start = _pos;
  char c = _text[_pos];
  kind type;
  if (c == '"') {
    type = kind::string;
    skip_string();
  } else if (c == '{' || c == '[') {
    type = c == '{' ? kind::object : kind::array;
    skip_compound();
  } else if (c == 't' || c == 'f') {
    type = kind::boolean;
    _pos += c == 't' ? 4 : 5;
  } else if (c == 'n') {
    type = kind::null;
    _pos += 4;
  } else {
    type = kind::number;
    while (_pos < _text.size() && !is_whitespace(_text[_pos]) && _text[_pos] != ',' &&
           _text[_pos] != ']' && _text[_pos] != '}') {
      ++_pos;
    }
  }
  return {type, _text.substr(start, _pos - start)};
}

std::string string_content(const value& string) {
  std::string_view raw = string.raw.substr(1, string.raw.size() - 2);
  if (raw.find('\\') == std::string_view::npos) return std::string(raw);
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    char escaped = raw[++i];
    switch (escaped) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        uint32_t unit = hex4_at(raw, i + 1);
        i += 4;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          uint32_t low = hex4_at(raw, i + 3);
          i += 6;
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, unit);
        break;
      }
      default:  // '"', '\\', '/'
        out += escaped;
    }
  }
  return out;
}

void append_compact(std::string& out, std::string_view raw) {
  out.reserve(out.size() + raw.size());
  size_t i = 0;
  while (i < raw.size()) {
    char c = raw[i];
    if (c == '"') {
      // Copy the string whole: to its closing quote (not one escaped by an odd run of '\').
      size_t end = i + 1;
      while (true) {
        end = raw.find('"', end);
        size_t backslashes = 0;
        while (raw[end - 1 - backslashes] == '\\') ++backslashes;
        if (backslashes % 2 == 0) break;
        ++end;
      }
      out.append(raw.substr(i, end + 1 - i));
      i = end + 1;
    } else {
      if (!is_whitespace(c)) out += c;
      ++i;
    }
  }
}

}  // namespace eventioz::http::json_scan
