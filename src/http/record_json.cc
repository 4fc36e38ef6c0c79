// Rendering records as JSON text.
#include "http/record_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "http/base64.h"

namespace eventioz::http {
namespace {

void append_escaped_utf8(std::string& out, std::string_view text);  // below

std::string_view as_text(byte_span bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Appends `bytes` as the value of a "<name>" member, followed by "<name>_format".
void append_bytes_member(std::string& out, std::string_view name,
                         const std::optional<byte_buffer>& bytes) {
  out += '"';
  out += name;
  out += "\":";
  std::string_view format;
  if (!bytes) {
    out += "null";
    format = "null";
  } else if (!bytes->empty() && nlohmann::json::accept(as_text(*bytes))) {
    // A JSON document: embedded as it is, so the reader sees structure, not a string.
    out += as_text(*bytes);
    format = "json";
  } else if (is_valid_utf8(*bytes)) {
    append_escaped_utf8(out, as_text(*bytes));
    format = "text";
  } else {
    out += '"';
    append_base64(out, *bytes);
    out += '"';
    format = "base64";
  }
  out += ",\"";
  out += name;
  out += "_format\":\"";
  out += format;
  out += '"';
}

}  // namespace

result<data_format> parse_data_format(std::string_view name, std::string_view what) {
  if (name == "json") return data_format::json;
  if (name == "text") return data_format::text;
  if (name == "base64") return data_format::base64;
  return error(std::make_error_code(std::errc::invalid_argument),
               fmt::format("{} must be \"json\", \"text\" or \"base64\", not \"{}\"", what, name));
}

bool is_valid_utf8(byte_span bytes) {
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  size_t at = 0;
  while (at < text.size()) {
    if (static_cast<uint8_t>(text[at]) < 0x80) {  // the common case, without a call
      ++at;
      continue;
    }
    size_t length = utf8_sequence_length(text, at);
    if (length == 0) return false;
    at += length;
  }
  return true;
}

namespace {

// Appends valid UTF-8 `text` as a JSON string literal. Runs of characters that need no escape
// are copied whole: push delivery renders every value it sends through here.
void append_escaped_utf8(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  size_t run_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<uint8_t>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += hex[(c >> 4) & 0xF];
        out += hex[c & 0xF];
    }
  }
  out.append(text.data() + run_start, text.size() - run_start);
  out += '"';
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  if (!is_valid_utf8(byte_span(reinterpret_cast<const uint8_t*>(text.data()), text.size()))) {
    // Rare (callers check first); nlohmann replaces the invalid sequences with U+FFFD.
    out += nlohmann::json(std::string(text))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  append_escaped_utf8(out, text);
}

void append_record_json(std::string& out, std::string_view topic, int32_t partition,
                        const model::record& record) {
  out += "{\"topic\":";
  append_json_string(out, topic);
  fmt::format_to(std::back_inserter(out), ",\"partition\":{},\"offset\":{},\"timestamp\":{},",
                 partition, record.record_offset.value(), record.timestamp);
  append_bytes_member(out, "key", record.key);
  out += ',';
  append_bytes_member(out, "value", record.value);
  out += ",\"headers\":[";
  bool first = true;
  for (const model::record_header& header : record.headers) {
    if (!first) out += ',';
    first = false;
    out += "{\"key\":";
    append_json_string(out, header.key);
    out += ",\"value\":";
    if (!header.value) {
      out += "null";
    } else if (is_valid_utf8(*header.value)) {
      append_escaped_utf8(out, as_text(*header.value));
    } else {
      out += '"';
      append_base64(out, *header.value);
      out += "\",\"value_format\":\"base64\"";
    }
    out += '}';
  }
  out += "]}";
}

}  // namespace eventioz::http
