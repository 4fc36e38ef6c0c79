// Push resume cursors: what parses, what is refused, and that writing then parsing gives the
// same positions.
#include "http/push_cursor.h"

#include <gtest/gtest.h>

namespace eventioz::http {
namespace {

TEST(push_cursor, parses_every_partition_and_its_next_offset) {
  auto positions = parse_push_cursor("0:43,1:17,12:0");
  ASSERT_TRUE(positions) << positions.error_value().message();
  EXPECT_EQ(*positions, (push_positions{{0, 43}, {1, 17}, {12, 0}}));
}

TEST(push_cursor, written_cursors_parse_back_to_the_same_positions) {
  push_positions positions{{0, 9'223'372'036'854'775'807}, {3, 1}, {2'147'483'647, 5}};
  std::string text;
  append_push_cursor(text, positions);
  EXPECT_EQ(text, "0:9223372036854775807,3:1,2147483647:5");
  auto parsed = parse_push_cursor(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, positions);
}

TEST(push_cursor, refuses_what_no_event_id_looks_like) {
  for (const char* bad :
       {"", "0", "0:", ":5", "a:1", "0:x", "-1:5", "0:-5", "+1:5", "0:1,", ",0:1", "0:1,,1:2",
        "0:1;1:2", "0:1,0:2", "2147483648:1", "0:9223372036854775808", "0:1 ", " 0:1", "0:1:2"}) {
    auto parsed = parse_push_cursor(bad);
    EXPECT_FALSE(parsed) << "'" << bad << "' was accepted";
    if (!parsed) {
      EXPECT_NE(parsed.error_value().message().find("send back an event id"), std::string::npos);
    }
  }
}

TEST(push_cursor, says_which_partition_repeats) {
  auto parsed = parse_push_cursor("0:1,3:2,3:4");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error_value().message().find("partition 3 appears twice"), std::string::npos);
}

}  // namespace
}  // namespace eventioz::http
