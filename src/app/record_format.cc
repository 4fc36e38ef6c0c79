#include "app/record_format.h"

#include <fmt/format.h>

#include "app/json_text.h"

namespace eventioz::app {
namespace {

std::string_view text_of(const std::optional<byte_buffer>& bytes) {
  return bytes ? as_string_view(*bytes) : std::string_view();
}

void append_json_bytes(std::string& out, const std::optional<byte_buffer>& bytes) {
  if (bytes) {
    append_json_string(out, as_string_view(*bytes));
  } else {
    out += "null";
  }
}

std::string json_line(const client::consumed_record& consumed) {
  const model::record& record = consumed.record;
  std::string out = "{\"topic\":";
  append_json_string(out, consumed.topic);
  out +=
      fmt::format(",\"partition\":{},\"offset\":{},\"timestamp\":{},\"key\":", consumed.partition,
                  record.record_offset.value(), record.timestamp);
  append_json_bytes(out, record.key);
  out += ",\"value\":";
  append_json_bytes(out, record.value);
  out += ",\"headers\":[";
  for (size_t i = 0; i < record.headers.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"key\":";
    append_json_string(out, record.headers[i].key);
    out += ",\"value\":";
    append_json_bytes(out, record.headers[i].value);
    out += '}';
  }
  out += "]}\n";
  return out;
}

}  // namespace

result<record_format> parse_record_format(std::string_view name) {
  if (name == "value") return record_format::value;
  if (name == "kv") return record_format::kv;
  if (name == "json") return record_format::json;
  return error(std::make_error_code(std::errc::invalid_argument),
               fmt::format("unknown format '{}': use value, kv or json", name));
}

std::string format_record(const client::consumed_record& consumed, record_format format,
                          std::string_view key_separator) {
  const model::record& record = consumed.record;
  switch (format) {
    case record_format::value:
      return fmt::format("{}\n", text_of(record.value));
    case record_format::kv:
      return fmt::format("{}{}{}\n", text_of(record.key), key_separator, text_of(record.value));
    case record_format::json:
      return json_line(consumed);
  }
  EVENTIOZ_UNREACHABLE("record format {}", static_cast<int>(format));
}

}  // namespace eventioz::app
