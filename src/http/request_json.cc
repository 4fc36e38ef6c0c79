// Request bodies as JSON (request_json.h).
#include "http/request_json.h"

#include <fmt/format.h>

#include <cstring>
#include <string>

#include "http/errc.h"

namespace eventioz::http {

status check_json_depth(std::string_view body, int max_depth) {
  int depth = 0;
  const char* data = body.data();
  size_t size = body.size();
  for (size_t i = 0; i < size; ++i) {
    char c = data[i];
    if (c == '"') {
      // Skip the string: to the next quote not escaped by an odd run of backslashes (memchr
      // is vectorised: values are most of a produce body).
      while (true) {
        const void* quote = std::memchr(data + i + 1, '"', size - i - 1);
        if (quote == nullptr) return ok_status();  // unterminated: the parser reports it
        i = static_cast<size_t>(static_cast<const char*>(quote) - data);
        size_t backslashes = 0;
        while (data[i - 1 - backslashes] == '\\') ++backslashes;
        if (backslashes % 2 == 0) break;
      }
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return error(make_error_code(errc::bad_json),
                     fmt::format("the body nests arrays and objects deeper than {} levels (byte "
                                 "{}); flatten the data",
                                 max_depth, i + 1));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return ok_status();
}

result<nlohmann::json> parse_json_object(std::string_view body,
                                         std::initializer_list<std::string_view> known) {
  EVENTIOZ_RETURN_IF_ERROR(check_json_depth(body));
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
