// The text format of the broker's small metadata files: one "key=value" per line, blank lines
// ignored. Keys cannot contain '='; values may. (Do not change: files on disk use it.)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eventioz::cluster {

using property = std::pair<std::string, std::string>;

// The entries in file order, or nullopt with `bad_line` set to the first line without '='.
std::optional<std::vector<property>> parse_properties(std::string_view text, std::string& bad_line);

}  // namespace eventioz::cluster
