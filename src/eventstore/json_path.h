// JSON pointers (RFC 6901) as the rules reducer walks them: parsed once into reference tokens,
// then used to find a value (read-only) or to reach a slot to write, creating the objects on
// the way. No exceptions: nlohmann's json_pointer throws on a bad pointer, which is caught here.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace eventioz::eventstore {

using json_path = std::vector<std::string>;  // reference tokens, unescaped; empty = the root

// The tokens of `pointer` ("" or "/a/b~1c"); errc::invalid_reducer when it is not a pointer.
result<json_path> parse_json_path(std::string_view pointer);

// `path` written back as a JSON pointer ("/a/b~1c"); "" for the root.
std::string format_json_path(const json_path& path, size_t token_count);

// The array index a token names ("0", "17"; no sign, no leading zero), if it is one.
std::optional<size_t> json_array_index(const std::string& token);

// The value at `path` in `root`, or null when some step is missing (a member that is not
// there, an index past the end, a step into a scalar).
const nlohmann::json* find_json(const nlohmann::json& root, const json_path& path);

// The value at `path` in `root` to write to: a missing member is created as null, a null on
// the way becomes an object, "-" as an array's index appends a null. errc::reducer_failed
// when a step goes into a scalar or past an array's end (the message names the step).
result<nlohmann::json*> reach_json(nlohmann::json& root, const json_path& path);

// "an object", "a number", ... for messages.
const char* json_type_phrase(const nlohmann::json& value);

}  // namespace eventioz::eventstore
