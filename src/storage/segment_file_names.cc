#include "storage/segment_file_names.h"

#include <fmt/format.h>

namespace eventioz::storage {

inline constexpr size_t offset_digits = 20;

std::string segment_file_name(offset base_offset, std::string_view suffix) {
  return fmt::format("{:020d}{}", base_offset.value(), suffix);
}

std::optional<offset> parse_segment_file_name(std::string_view name, std::string_view suffix) {
  if (name.size() != offset_digits + suffix.size()) return std::nullopt;
  if (name.substr(offset_digits) != suffix) return std::nullopt;
  int64_t value = 0;
  for (char digit : name.substr(0, offset_digits)) {
    if (digit < '0' || digit > '9') return std::nullopt;
    if (value > (std::numeric_limits<int64_t>::max() - (digit - '0')) / 10) return std::nullopt;
    value = value * 10 + (digit - '0');
  }
  return offset(value);
}

}  // namespace eventioz::storage
