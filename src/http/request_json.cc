// Request bodies as JSON (request_json.h).
#include "http/request_json.h"

#include <fmt/format.h>

#include <string>

#include "http/errc.h"

namespace eventioz::http {

result<nlohmann::json> parse_json_object(std::string_view body,
                                         std::initializer_list<std::string_view> known) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& failure) {
    return error(make_error_code(errc::bad_json),
                 fmt::format("the body is not JSON: {} (byte {})", failure.what(), failure.byte));
  }
  std::string names;
  for (std::string_view name : known) names += (names.empty() ? "" : ", ") + std::string(name);
  if (!document.is_object()) {
    return error(make_error_code(errc::invalid_request),
                 fmt::format("the body must be a JSON object with the members {}", names));
  }
  for (const auto& [name, ignored] : document.items()) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return error(make_error_code(errc::invalid_request),
                   fmt::format("unknown member \"{}\" (known: {})", name, names));
    }
  }
  return document;
}

result<std::optional<int64_t>> integer_member(const nlohmann::json& object, std::string_view name,
                                              int64_t low, int64_t high) {
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) return std::optional<int64_t>();
  bool fits = found->is_number_integer() &&
              (found->is_number_unsigned() ? found->get<uint64_t>() <= uint64_t(INT64_MAX) : true);
  if (fits) {
    int64_t value = found->get<int64_t>();
    if (value >= low && value <= high) return std::optional<int64_t>(value);
  }
  return error(make_error_code(errc::invalid_request),
               fmt::format("{} must be an integer from {} to {}", name, low, high));
}

}  // namespace eventioz::http
