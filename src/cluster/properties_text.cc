// Splitting "key=value" lines.
#include "cluster/properties_text.h"

namespace eventioz::cluster {

std::optional<std::vector<property>> parse_properties(std::string_view text,
                                                      std::string& bad_line) {
  std::vector<property> entries;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (line.empty()) continue;
    size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      bad_line = std::string(line);
      return std::nullopt;
    }
    entries.emplace_back(std::string(line.substr(0, equals)), std::string(line.substr(equals + 1)));
  }
  return entries;
}

}  // namespace eventioz::cluster
