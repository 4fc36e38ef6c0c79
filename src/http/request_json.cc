// Request bodies as JSON (request_json.h).
#include "http/request_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "http/errc.h"
#include "http/json_scan.h"

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

namespace {

std::string listed(std::initializer_list<std::string_view> known) {
  std::string names;
  for (std::string_view name : known) names += (names.empty() ? "" : ", ") + std::string(name);
  return names;
}

}  // namespace

status check_json_body(std::string_view body, std::initializer_list<std::string_view> known) {
  bool blank = body.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (blank) {
    std::string example;
    for (std::string_view name : known) {
      example += fmt::format("{}\"{}\": ...", example.empty() ? "" : ", ", name);
    }
    return error(make_error_code(errc::bad_json),
                 fmt::format("the body is empty; send a JSON object like {{{}}}", example));
  }
  // The scanner's messages say what is wrong and at which byte, without a library's prefix;
  // it also bounds the nesting.
  return json_scan::validate(body);
}

status check_members(const nlohmann::json& object, std::string_view where,
                     std::initializer_list<std::string_view> known) {
  for (const auto& [name, ignored] : object.items()) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return error(make_error_code(errc::invalid_request),
                   fmt::format("unknown member \"{}\"{}{} (known: {})", name,
                               where.empty() ? "" : " in ", where, listed(known)));
    }
  }
  return ok_status();
}

result<nlohmann::json> parse_json_object(std::string_view body,
                                         std::initializer_list<std::string_view> known) {
  EVENTIOZ_RETURN_IF_ERROR(check_json_body(body, known));
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& failure) {
    // validate() accepted it: only a disagreement between the two parsers lands here.
    return error(make_error_code(errc::bad_json),
                 fmt::format("the body is not JSON (byte {})", failure.byte));
  }
  if (!document.is_object()) {
    return error(make_error_code(errc::invalid_request),
                 fmt::format("the body must be a JSON object with the members {}", listed(known)));
  }
  EVENTIOZ_RETURN_IF_ERROR(check_members(document, "", known));
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
