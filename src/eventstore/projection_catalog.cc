// Reading, writing and checking projection definitions.
#include "eventstore/projection_catalog.h"

#include <fmt/format.h>

#include <algorithm>

#include "eventstore/errc.h"
#include "eventstore/json_path.h"

namespace eventioz::eventstore {
namespace {

constexpr int catalog_format = 1;
constexpr uint64_t catalog_bytes_max = 64 << 20;
constexpr size_t name_length_max = 249;  // as a topic name
constexpr size_t key_pointer_length_max = 1024;
constexpr size_t types_count_max = 100;
constexpr size_t type_length_max = 256;

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

error invalid(std::string message) { return error(errc::invalid_projection, std::move(message)); }

nlohmann::json to_json(const catalog_entry& entry) {
  const projection_definition& definition = entry.definition;
  return {{"id", entry.id},          {"store", definition.store},
          {"name", definition.name}, {"reducer", definition.reducer},
          {"key", definition.key},   {"types", definition.types}};
}

// Throws nlohmann::json::exception on a member of the wrong type (caught by the caller).
catalog_entry entry_from_json(const nlohmann::json& json) {
  catalog_entry entry;
  entry.id = json.at("id").get<uint64_t>();
  entry.definition.store = json.at("store").get<std::string>();
  entry.definition.name = json.at("name").get<std::string>();
  entry.definition.reducer = json.at("reducer");
  entry.definition.key = json.at("key").get<std::string>();
  entry.definition.types = json.at("types").get<std::vector<std::string>>();
  return entry;
}

}  // namespace

result<projection_catalog> load_projection_catalog(io::file_system& fs, const std::string& path) {
  EVENTIOZ_TRY(bool present, fs.exists(path));
  if (!present) return projection_catalog{};
  EVENTIOZ_TRY(std::string text, io::read_small_file(fs, path, catalog_bytes_max));
  auto corrupt = [&](const std::string& why) {
    return error(std::make_error_code(std::errc::illegal_byte_sequence),
                 fmt::format("{} is damaged ({}); restore it from a backup, or delete it to "
                             "drop every projection",
                             path, why));
  };
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return corrupt("not a JSON object");
  projection_catalog catalog;
  try {
    if (json.at("format").get<int>() != catalog_format) {
      return corrupt(fmt::format("format {} is not {}", json.at("format").dump(), catalog_format));
    }
    catalog.next_id = json.at("next_id").get<uint64_t>();
    for (const nlohmann::json& each : json.at("projections")) {
      catalog_entry entry = entry_from_json(each);
      if (entry.id == 0 || entry.id >= catalog.next_id) {
        return corrupt(fmt::format("projection id {} is not below next_id", entry.id));
      }
      catalog.projections.push_back(std::move(entry));
    }
  } catch (const nlohmann::json::exception& failure) {
    return corrupt(failure.what());
  }
  return catalog;
}

status save_projection_catalog(io::file_system& fs, const std::string& path,
                               const projection_catalog& catalog) {
  nlohmann::json projections = nlohmann::json::array();
  for (const catalog_entry& entry : catalog.projections) projections.push_back(to_json(entry));
  nlohmann::json json = {
      {"format", catalog_format}, {"next_id", catalog.next_id}, {"projections", projections}};
  return io::replace_file_durably(fs, path, json.dump(2) + "\n");
}

status check_projection_definition(const projection_definition& definition) {
  const std::string& name = definition.name;
  if (name.empty() || name.size() > name_length_max ||
      !std::all_of(name.begin(), name.end(), is_name_character)) {
    return invalid(fmt::format(
        "projection name '{}' is not valid: use 1 to {} characters of a-z, A-Z, 0-9, '.', '_' "
        "and '-'",
        name, name_length_max));
  }
  const std::string& key = definition.key;
  if (key != "stream") {
    if (key.empty() || key.front() != '/' || key.size() > key_pointer_length_max) {
      return invalid(fmt::format(
          "projection key '{}' is not valid: use \"stream\" or a JSON pointer into the event's "
          "data such as \"/customer_id\" (at most {} characters)",
          key, key_pointer_length_max));
    }
    if (auto path = parse_json_path(key); !path) {
      return invalid(fmt::format("projection key '{}' is not a JSON pointer (RFC 6901): {}", key,
                                 path.error_value().message()));
    }
  }
  if (definition.types.size() > types_count_max) {
    return invalid(fmt::format("a projection filters on at most {} event types, not {}",
                               types_count_max, definition.types.size()));
  }
  for (const std::string& type : definition.types) {
    if (type.empty() || type.size() > type_length_max) {
      return invalid(fmt::format("event types in a projection's filter are 1 to {} characters",
                                 type_length_max));
    }
  }
  return ok_status();
}

}  // namespace eventioz::eventstore
