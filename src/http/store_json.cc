// The event store's JSON shapes (store_json.h).
#include "http/store_json.h"

#include <fmt/format.h>

#include <cctype>
#include <iterator>

#include "http/errc.h"
#include "http/json_scan.h"
#include "http/record_json.h"
#include "http/request_json.h"

namespace eventioz::http {
namespace {

using json = nlohmann::json;

error invalid(std::string message) {
  return error(make_error_code(errc::invalid_request), std::move(message));
}

// A reducer member (store or projection): a spec name ("merge-patch") or a spec object, kept
// as the text the store's config holds.
result<std::string> reducer_member(const json& value, std::string_view where) {
  if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
    return value.get<std::string>();
  }
  if (value.is_object()) return value.dump();
  return invalid(
      fmt::format("{} must be a reducer spec: \"merge-patch\" or an object such as "
                  "{{\"type\": \"rules\", \"on\": {{...}}}} (docs/event-store.md)",
                  where));
}

result<std::map<std::string, std::string>> configs_member(const json& configs) {
  std::map<std::string, std::string> out;
  if (configs.is_null()) return out;
  if (!configs.is_object()) {
    return invalid(
        "configs must be an object of topic config names to values, e.g. "
        "{\"segment.bytes\": \"1048576\"}");
  }
  for (const auto& [key, value] : configs.items()) {
    if (value.is_string()) {
      out[key] = value.get<std::string>();
    } else if (value.is_number() || value.is_boolean()) {
      out[key] = value.dump();
    } else {
      return invalid(fmt::format("configs.{} must be a string", key));
    }
  }
  return out;
}

}  // namespace

json reducer_spec_json(const std::string& spec_text) {
  json parsed = json::parse(spec_text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return spec_text;
  return parsed;
}

json store_json(const eventstore::store_info& store, bool with_index) {
  json out = {{"name", store.name},
              {"partitions", store.partitions},
              {"reducer", reducer_spec_json(store.settings.reducer_spec)},
              {"snapshot_interval", store.settings.snapshot_interval}};
  if (with_index) {
    json index = json::array();
    for (const auto& partition : store.index) {
      index.push_back({{"partition", partition.partition},
                       {"indexed_offset", partition.indexed_offset},
                       {"high_watermark", partition.high_watermark}});
    }
    out["index"] = std::move(index);
  }
  return out;
}

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
  constexpr std::string_view json_type = "application/json";
  if (media_type.size() != json_type.size()) return false;
  for (size_t i = 0; i < json_type.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(media_type[i])) != json_type[i]) return false;
  }
  return true;
}

void append_event_json(std::string& out, const eventstore::stored_event& event) {
  out += "{\"stream\":";
  append_json_string(out, event.stream);
  if (event.version >= 0) {
    fmt::format_to(std::back_inserter(out), ",\"version\":{}", event.version);
  } else {
    out += ",\"version\":null";
  }
  fmt::format_to(std::back_inserter(out), ",\"partition\":{},\"offset\":{},\"timestamp\":{}",
                 event.partition, event.offset, event.timestamp_ms);
  append_attribute(out, "id", event.id);
  append_attribute(out, "type", event.type);
  append_attribute(out, "time", event.time);
  append_attribute(out, "source", event.source);
  append_attribute(out, "subject", event.subject);
  append_attribute(out, "content_type", event.content_type);
  append_attribute(out, "correlation_id", event.correlation_id);
  append_attribute(out, "causation_id", event.causation_id);
  out += ",\"data\":";
  // Events written by Kafka producers may say application/json and hold something else: then
  // the bytes are shown as text rather than refusing to show the event.
  if (is_json_content_type(event.content_type) && json_scan::validate(event.data)) {
    out += event.data;
  } else {
    append_json_string(out, event.data);
  }
  out += '}';
}

json projection_status_json(const eventstore::projection_status& status) {
  json positions = json::object();
  for (const auto& [partition, offset] : status.positions) {
    positions[std::to_string(partition)] = offset;
  }
  const auto& definition = status.definition;
  return {{"store", definition.store},
          {"name", definition.name},
          {"reducer", definition.reducer},
          {"key", definition.key},
          {"types", definition.types},
          {"positions", std::move(positions)},
          {"lag", status.lag},
          {"keys", status.keys},
          {"failure", status.failure ? json(*status.failure) : json(nullptr)}};
}

json projection_entry_json(const eventstore::projection_entry& entry) {
  return {{"key", entry.key}, {"state", entry.state}, {"version", entry.version}};
}

result<eventstore::create_store_request> parse_create_store(std::string_view body) {
  EVENTIOZ_TRY(auto object, parse_json_object(body, {"name", "partitions", "reducer",
                                                     "snapshot_interval", "configs"}));
  eventstore::create_store_request create;
  auto name = object.find("name");
  if (name == object.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
    return invalid(
        "name must be the store's name, e.g. {\"name\": \"accounts\", "
        "\"partitions\": 3}");
  }
  create.name = name->get<std::string>();
  EVENTIOZ_TRY(auto partitions, integer_member(object, "partitions", 1, INT32_MAX));
  if (partitions) create.partitions = static_cast<int32_t>(*partitions);
  EVENTIOZ_TRY(auto interval, integer_member(object, "snapshot_interval", 0, 1'000'000'000));
  create.settings.enabled = true;
  if (interval) create.settings.snapshot_interval = *interval;
  if (auto reducer = object.find("reducer"); reducer != object.end() && !reducer->is_null()) {
    EVENTIOZ_TRY(create.settings.reducer_spec, reducer_member(*reducer, "reducer"));
  }
  if (auto configs = object.find("configs"); configs != object.end()) {
    EVENTIOZ_TRY(create.configs, configs_member(*configs));
  }
  return create;
}

result<eventstore::projection_definition> parse_projection(std::string_view body,
                                                           const std::string& store,
                                                           const std::string& name) {
  EVENTIOZ_TRY(auto object, parse_json_object(body, {"reducer", "key", "types"}));
  eventstore::projection_definition definition{.store = store, .name = name};
  auto reducer = object.find("reducer");
  if (reducer == object.end() || !(reducer->is_object() || reducer->is_string())) {
    return invalid(
        "reducer is required: \"merge-patch\" or a spec object such as "
        "{\"type\": \"rules\", \"on\": {...}} (docs/event-store.md)");
  }
  definition.reducer = *reducer;
  if (auto key = object.find("key"); key != object.end() && !key->is_null()) {
    const bool valid = key->is_string() &&
                       (*key == "stream" || (key->get_ref<const std::string&>().starts_with("/")));
    if (!valid) {
      return invalid(
          "key must be \"stream\" (one entry per stream) or a JSON pointer into the "
          "event's data, e.g. \"/customer_id\"");
    }
    definition.key = key->get<std::string>();
  }
  if (auto types = object.find("types"); types != object.end() && !types->is_null()) {
    if (!types->is_array()) return invalid("types must be an array of event type names");
    for (size_t i = 0; i < types->size(); ++i) {
      const json& type = (*types)[i];
      if (!type.is_string() || type.get_ref<const std::string&>().empty()) {
        return invalid(fmt::format("types[{}] must be a non-empty event type name", i));
      }
      definition.types.push_back(type.get<std::string>());
    }
  }
  return definition;
}

}  // namespace eventioz::http
