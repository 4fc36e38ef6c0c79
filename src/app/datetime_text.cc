#include "app/datetime_text.h"

#include <fmt/format.h>

#include <chrono>
#include <optional>

#include "client/errc.h"

namespace eventioz::app {
namespace {

// A left-to-right reader of fixed-width digit fields and separators.
class cursor {
 public:
  explicit cursor(std::string_view text) : _text(text) {}

  std::optional<int> digits(size_t count) {
    if (_text.size() - _at < count) return std::nullopt;
    int value = 0;
    for (size_t i = 0; i < count; ++i) {
      char c = _text[_at + i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    _at += count;
    return value;
  }

  bool take(char expected) {
    if (_at < _text.size() && _text[_at] == expected) {
      ++_at;
      return true;
    }
    return false;
  }

  std::optional<char> peek() const {
    return _at < _text.size() ? std::optional<char>(_text[_at]) : std::nullopt;
  }
  bool at_end() const { return _at == _text.size(); }

 private:
  std::string_view _text;
  size_t _at = 0;
};

// The zone suffix as minutes east of UTC, or nullopt when it does not parse.
std::optional<int> zone_offset_minutes(cursor& in) {
  if (in.at_end() || in.take('Z')) return in.at_end() ? std::optional<int>(0) : std::nullopt;
  int sign = in.take('+') ? 1 : (in.take('-') ? -1 : 0);
  if (sign == 0) return std::nullopt;
  auto hours = in.digits(2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (!in.at_end()) {
    in.take(':');
    auto parsed = in.digits(2);
    if (!parsed || *parsed > 59) return std::nullopt;
    minutes = *parsed;
  }
  if (!in.at_end()) return std::nullopt;
  return sign * (*hours * 60 + minutes);
}

}  // namespace

result<int64_t> parse_iso8601_ms(std::string_view text) {
  auto refuse = [&] {
    return error(client::errc::invalid_argument,
                 fmt::format("'{}' is not a date-time; use YYYY-MM-DDTHH:MM:SS[.sss] with an "
                             "optional zone (Z, +02:00), e.g. 2024-05-01T09:30:00Z",
                             text));
  };
  cursor in(text);
  auto year = in.digits(4);
  if (!year || !in.take('-')) return refuse();
  auto month = in.digits(2);
  if (!month || !in.take('-')) return refuse();
  auto day = in.digits(2);
  if (!day || !(in.take('T') || in.take('t') || in.take(' '))) return refuse();
  auto hour = in.digits(2);
  if (!hour || !in.take(':')) return refuse();
  auto minute = in.digits(2);
  if (!minute) return refuse();
  int second = 0;
  int64_t millisecond = 0;
  if (in.take(':')) {
    auto parsed = in.digits(2);
    if (!parsed) return refuse();
    second = *parsed;
    if (in.take('.') || in.take(',')) {
      int scale = 100;
      bool any = false;
      while (in.peek() && *in.peek() >= '0' && *in.peek() <= '9') {
        millisecond += scale * *in.digits(1);
        scale /= 10;
        any = true;
      }
      if (!any) return refuse();
    }
  }
  auto zone = zone_offset_minutes(in);
  if (!zone || *hour > 23 || *minute > 59 || second > 59) return refuse();
  std::chrono::year_month_day date{std::chrono::year(*year),
                                   std::chrono::month(static_cast<unsigned>(*month)),
                                   std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return refuse();
  auto since_epoch = std::chrono::sys_days(date).time_since_epoch() + std::chrono::hours(*hour) +
                     std::chrono::minutes(*minute - *zone) + std::chrono::seconds(second);
  return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() + millisecond;
}

}  // namespace eventioz::app
