// Time and reducer query parameters of the event-store routes (store_query.h).
#include "http/store_query.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>

namespace eventioz::http {
namespace {

// `count` decimal digits at `at` (advanced past them); nullopt when there are not.
std::optional<int> digits(std::string_view text, size_t& at, size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[at + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  at += count;
  return value;
}

bool expect(std::string_view text, size_t& at, char wanted) {
  if (at >= text.size()) return false;
  char c = text[at];
  // RFC 3339 allows lower-case 't' and 'z' (§5.6 note).
  if (c != wanted && !(wanted == 'T' && c == 't') && !(wanted == 'Z' && c == 'z')) return false;
  ++at;
  return true;
}

}  // namespace

std::optional<int64_t> rfc3339_to_ms(std::string_view text) {
  using namespace std::chrono;
  size_t at = 0;
  auto year = digits(text, at, 4);
  if (!year || !expect(text, at, '-')) return std::nullopt;
  auto month = digits(text, at, 2);
  if (!month || !expect(text, at, '-')) return std::nullopt;
  auto day = digits(text, at, 2);
  if (!day || !(expect(text, at, 'T') || expect(text, at, ' '))) return std::nullopt;
  auto hour = digits(text, at, 2);
  if (!hour || !expect(text, at, ':')) return std::nullopt;
  auto minute = digits(text, at, 2);
  if (!minute || !expect(text, at, ':')) return std::nullopt;
  auto second = digits(text, at, 2);
  if (!second) return std::nullopt;
  int64_t millis = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    size_t start = at;
    int scale = 100;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      millis += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == start) return std::nullopt;
  }
  int64_t offset_minutes = 0;
  if (!expect(text, at, 'Z')) {
    if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
    int sign = text[at] == '-' ? -1 : 1;
    ++at;
    auto offset_hours = digits(text, at, 2);
    if (!offset_hours || !expect(text, at, ':')) return std::nullopt;
    auto offset_mins = digits(text, at, 2);
    if (!offset_mins || *offset_hours > 23 || *offset_mins > 59) return std::nullopt;
    offset_minutes = sign * (*offset_hours * 60 + *offset_mins);
  }
  if (at != text.size()) return std::nullopt;
  // Leap seconds (:60) are accepted as the next second, as most systems do.
  if (*hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                      std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  int64_t days = sys_days(date).time_since_epoch().count();
  int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

result<int64_t> parse_time_ms(std::string_view name, std::string_view text) {
  int64_t value = 0;
  auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (failure == std::errc() && end == text.data() + text.size() && value >= 0) return value;
  if (auto parsed = rfc3339_to_ms(text)) return *parsed;
  return error(std::make_error_code(std::errc::invalid_argument),
               fmt::format("query parameter '{}' must be milliseconds since the epoch or an RFC "
                           "3339 date-time such as 2026-11-25T10:00:00Z, not '{}'",
                           name, text));
}

nlohmann::json reducer_query_spec(std::string_view text) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::string(text);
  return parsed;
}

}  // namespace eventioz::http
