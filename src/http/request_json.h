// Request bodies as JSON for the REST routes: parsed, checked to be an object, with errors that
// say where (http::errc::bad_json with the parser's position, invalid_request for a member of
// the wrong type).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "base/result.h"

namespace eventioz::http {

// Refuses JSON nested deeper than `max_depth` arrays/objects (http::errc::bad_json) before it
// is parsed: the parser's output is printed and destroyed recursively, so a body of a million
// '[' must not reach it.
status check_json_depth(std::string_view body, int max_depth = 64);

// The one check of a request body's JSON syntax, so every route answers bad JSON alike
// (http::errc::bad_json, "the body is not JSON: <what> (byte N)"): an empty body is named as
// such, with an example object made of `known`; otherwise json_scan::validate (strict RFC
// 8259, UTF-8, bounded nesting).
status check_json_body(std::string_view body, std::initializer_list<std::string_view> known);

// Refuses a member of `object` not in `known` (http::errc::invalid_request naming it, where it
// is, e.g. "offsets[2]", and the known ones): a typo must not be ignored.
status check_members(const nlohmann::json& object, std::string_view where,
                     std::initializer_list<std::string_view> known);

// The body as a JSON object (checked with check_json_body first) (checked with check_json_depth
// first); members not in `known` are refused (a typo should not be ignored).
result<nlohmann::json> parse_json_object(std::string_view body,
                                         std::initializer_list<std::string_view> known);

// The integer member `name` in [low, high]; nullopt when absent or null.
result<std::optional<int64_t>> integer_member(const nlohmann::json& object, std::string_view name,
                                              int64_t low, int64_t high);

}  // namespace eventioz::http
