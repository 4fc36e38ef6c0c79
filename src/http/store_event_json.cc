// Rendering stored events as JSON text.
#include "http/store_event_json.h"

#include <fmt/format.h>

#include <cctype>
#include <iterator>
#include <nlohmann/json.hpp>

#include "http/record_json.h"

namespace eventioz::http {
namespace {

void append_attribute(std::string& out, std::string_view name, const std::string& value) {
  if (value.empty()) return;
  out += ",\"";
  out += name;
  out += "\":";
  append_json_string(out, value);
}

}  // namespace

bool is_json_content_type(std::string_view content_type) {
  std::string_view media_type = content_type.substr(0, content_type.find(';'));
  while (!media_type.empty() && (media_type.back() == ' ' || media_type.back() == '\t')) {
    media_type.remove_suffix(1);
  }
  while (!media_type.empty() && (media_type.front() == ' ' || media_type.front() == '\t')) {
    media_type.remove_prefix(1);
  }
  constexpr std::string_view json = "application/json";
  if (media_type.size() != json.size()) return false;
  for (size_t i = 0; i < json.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(media_type[i])) != json[i]) return false;
  }
  return true;
}

void append_store_event_json(std::string& out, const eventstore::stored_event& event) {
  out += "{\"stream\":";
  append_json_string(out, event.stream);
  if (event.version >= 0) {
    fmt::format_to(std::back_inserter(out), ",\"version\":{}", event.version);
  } else {
    out += ",\"version\":null";
  }
  fmt::format_to(std::back_inserter(out), ",\"partition\":{},\"offset\":{}", event.partition,
                 event.offset);
  append_attribute(out, "id", event.id);
  append_attribute(out, "type", event.type);
  append_attribute(out, "time", event.time);
  fmt::format_to(std::back_inserter(out), ",\"timestamp\":{}", event.timestamp_ms);
  append_attribute(out, "source", event.source);
  append_attribute(out, "subject", event.subject);
  append_attribute(out, "content_type", event.content_type);
  append_attribute(out, "correlation_id", event.correlation_id);
  append_attribute(out, "causation_id", event.causation_id);
  out += ",\"data\":";
  if (is_json_content_type(event.content_type) && !event.data.empty() &&
      nlohmann::json::accept(event.data)) {
    // The document as it was appended (valid JSON: it is embedded as it is).
    out += event.data;
  } else {
    append_json_string(out, event.data);
  }
  out += '}';
}

}  // namespace eventioz::http
