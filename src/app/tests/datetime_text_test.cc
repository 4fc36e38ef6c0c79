// ISO 8601 date-times as a user types them for --to-datetime.
#include "app/datetime_text.h"

#include <gtest/gtest.h>

namespace eventioz::app {
namespace {

int64_t parsed(std::string_view text) {
  auto value = parse_iso8601_ms(text);
  EXPECT_TRUE(value.ok()) << text << ": " << value.error_value().message();
  return value.ok() ? *value : -1;
}

TEST(datetime_text, utc_forms) {
  // 2023-11-14T22:13:20Z is 1,700,000,000 s after the epoch.
  EXPECT_EQ(parsed("2023-11-14T22:13:20Z"), 1'700'000'000'000);
  EXPECT_EQ(parsed("2023-11-14T22:13:20"), 1'700'000'000'000);
  EXPECT_EQ(parsed("2023-11-14 22:13:20"), 1'700'000'000'000);
  EXPECT_EQ(parsed("2023-11-14T22:13"), 1'699'999'980'000);
  EXPECT_EQ(parsed("1970-01-01T00:00:00Z"), 0);
}

TEST(datetime_text, fractions_are_milliseconds) {
  EXPECT_EQ(parsed("2023-11-14T22:13:20.5Z"), 1'700'000'000'500);
  EXPECT_EQ(parsed("2023-11-14T22:13:20.123Z"), 1'700'000'000'123);
  EXPECT_EQ(parsed("2023-11-14T22:13:20.123999"), 1'700'000'000'123);
}

TEST(datetime_text, zone_offsets_move_to_utc) {
  EXPECT_EQ(parsed("2023-11-15T00:13:20+02:00"), 1'700'000'000'000);
  EXPECT_EQ(parsed("2023-11-15T00:13:20+0200"), 1'700'000'000'000);
  EXPECT_EQ(parsed("2023-11-14T17:13:20-05"), 1'700'000'000'000);
  EXPECT_EQ(parsed("2023-11-14T16:43:20-05:30"), 1'700'000'000'000);
}

TEST(datetime_text, refuses_what_is_not_a_date_time) {
  for (std::string_view text :
       {"", "yesterday", "2023-11-14", "2023-11-14T", "2023-02-30T00:00:00Z",
        "2023-13-01T00:00:00Z", "2023-11-14T24:00:00Z", "2023-11-14T22:13:20.Z",
        "2023-11-14T22:13:20+2", "2023-11-14T22:13:20Zjunk", "1700000000000"}) {
    auto value = parse_iso8601_ms(text);
    EXPECT_FALSE(value.ok()) << "accepted '" << text << "'";
    if (!value.ok()) {
      EXPECT_NE(value.error_value().message().find("YYYY-MM-DD"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace eventioz::app
