// Parsing and writing push resume cursors ("0:43,1:17").
#include "http/push_cursor.h"

#include <fmt/format.h>

#include <charconv>
#include <iterator>

namespace eventioz::http {
namespace {

// A cursor of a 10,000-partition topic is about 150 KB; anything far longer is not one.
constexpr size_t cursor_bytes_max = 1 << 20;

error invalid_cursor(std::string_view text, std::string_view why) {
  std::string shown(text.substr(0, 64));
  if (text.size() > 64) shown += "...";
  return error(std::make_error_code(std::errc::invalid_argument),
               fmt::format("the resume cursor '{}' is not valid ({}); send back an event id "
                           "exactly as it was received, like '0:43,1:17' (partition:next "
                           "offset, comma-separated)",
                           shown, why));
}

template <class Integer>
bool parse_whole_number(std::string_view text, Integer& value) {
  if (text.empty() || text.front() == '-' || text.front() == '+') return false;
  auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), value);
  return failure == std::errc() && end == text.data() + text.size();
}

}  // namespace

result<push_positions> parse_push_cursor(std::string_view text) {
  if (text.empty()) return invalid_cursor(text, "it is empty");
  if (text.size() > cursor_bytes_max) return invalid_cursor(text, "it is too long");
  push_positions positions;
  std::string_view rest = text;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view pair = rest.substr(0, comma);
    size_t colon = pair.find(':');
    if (colon == std::string_view::npos) {
      return invalid_cursor(text, fmt::format("'{}' is not partition:offset", pair.substr(0, 32)));
    }
    int32_t partition = 0;
    int64_t next_offset = 0;
    if (!parse_whole_number(pair.substr(0, colon), partition)) {
      return invalid_cursor(text, "a partition is not a whole number from 0 to 2147483647");
    }
    if (!parse_whole_number(pair.substr(colon + 1), next_offset)) {
      return invalid_cursor(text, fmt::format("the offset of partition {} is not a whole number "
                                              ">= 0",
                                              partition));
    }
    if (!positions.emplace(partition, next_offset).second) {
      return invalid_cursor(text, fmt::format("partition {} appears twice", partition));
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return positions;
}

void append_push_cursor(std::string& out, const push_positions& positions) {
  bool first = true;
  for (const auto& [partition, next_offset] : positions) {
    if (!first) out += ',';
    first = false;
    fmt::format_to(std::back_inserter(out), "{}:{}", partition, next_offset);
  }
}

}  // namespace eventioz::http
