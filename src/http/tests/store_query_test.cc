// as_of_time's two forms and RFC 3339's corners; reducer specs in a query.
#include "http/store_query.h"

#include <gtest/gtest.h>

namespace eventioz::http {
namespace {

TEST(store_query, reads_rfc3339) {
  EXPECT_EQ(rfc3339_to_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(rfc3339_to_ms("2026-11-25T10:00:00Z"), 1795600800000);
  EXPECT_EQ(rfc3339_to_ms("2026-11-25t10:00:00.25z"), 1795600800250);
  EXPECT_EQ(rfc3339_to_ms("2026-11-25T11:00:00.123456+01:00"), 1795600800123);
  EXPECT_EQ(rfc3339_to_ms("2026-11-25T05:30:00-04:30"), 1795600800000);
  EXPECT_EQ(rfc3339_to_ms("2024-02-29T00:00:00Z"), 1709164800000);
  for (const char* bad :
       {"", "2026-11-25", "2026-11-25T10:00Z", "2026-11-25T10:00:00", "2026-13-01T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T10:00:00.Z",
        "2026-11-25T10:00:00+0100", "2026-11-25T10:00:00Zjunk", "x026-11-25T10:00:00Z"}) {
    EXPECT_FALSE(rfc3339_to_ms(bad).has_value()) << bad;
  }
}

TEST(store_query, time_is_milliseconds_or_rfc3339) {
  EXPECT_EQ(*parse_time_ms("as_of_time", "1795600800000"), 1795600800000);
  EXPECT_EQ(*parse_time_ms("as_of_time", "2026-11-25T10:00:00Z"), 1795600800000);
  auto bad = parse_time_ms("as_of_time", "-5");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error_value().code(), std::errc::invalid_argument);
  EXPECT_NE(bad.error_value().message().find("as_of_time"), std::string::npos);
  EXPECT_FALSE(parse_time_ms("as_of_time", "now").ok());
}

TEST(store_query, reducer_is_json_or_a_name) {
  EXPECT_EQ(reducer_query_spec("merge-patch"), "merge-patch");
  EXPECT_EQ(reducer_query_spec(R"({"type":"rules"})"), nlohmann::json({{"type", "rules"}}));
}

}  // namespace
}  // namespace eventioz::http
