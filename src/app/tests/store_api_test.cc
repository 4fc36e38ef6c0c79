// What `eventioz store` checks before sending anything, and how it reads the server's JSON.
#include "app/store_api.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "client/errc.h"

namespace eventioz::app {
namespace {

TEST(store_api, reducer_arguments_are_merge_patch_json_or_a_file) {
  EXPECT_EQ(*parse_reducer_argument("merge-patch"), nlohmann::json("merge-patch"));
  auto rules = parse_reducer_argument(R"({"type":"rules","on":{}})");
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ((*rules)["type"], "rules");

  std::string path = testing::TempDir() + "store_api_reducer.json";
  std::ofstream(path) << R"({"type": "merge-patch"})";
  auto from_file = parse_reducer_argument("@" + path);
  ASSERT_TRUE(from_file.ok()) << from_file.error_value().message();
  EXPECT_EQ((*from_file)["type"], "merge-patch");
  std::remove(path.c_str());

  for (const char* bad : {"merge_patch", "[1]", "{oops", "@/no/such/file.json", "42"}) {
    auto refused = parse_reducer_argument(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error_value(), client::errc::invalid_argument) << bad;
  }
  EXPECT_NE(parse_reducer_argument("[1]").error_value().message().find("merge-patch"),
            std::string::npos);
}

TEST(store_api, json_arguments_say_how_to_quote_text) {
  EXPECT_EQ(*parse_json_argument(R"({"amount": 10})", "--data"), nlohmann::json({{"amount", 10}}));
  EXPECT_EQ(*parse_json_argument(R"("text")", "--data"), nlohmann::json("text"));
  auto refused = parse_json_argument("text", "--data");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error_value().message().find("--data is not valid JSON"), std::string::npos);
  EXPECT_NE(refused.error_value().message().find(R"('"text"')"), std::string::npos);
}

TEST(store_api, reading_answers_never_throws_on_unexpected_shapes) {
  nlohmann::json answer = {{"events", {{{"version", 3}}}}, {"stream", "a/b"}, {"next", nullptr}};
  EXPECT_EQ(json_items(answer, "events").size(), 1u);
  EXPECT_TRUE(json_items(answer, "stream").empty());  // not an array
  EXPECT_TRUE(json_items(nlohmann::json(), "events").empty());
  EXPECT_TRUE(json_get(nlohmann::json::array(), "x").is_null());
  EXPECT_EQ(json_member(answer, "stream"), "a/b");
  EXPECT_EQ(json_member(answer, "next"), "-");
  EXPECT_EQ(json_member(answer, "missing"), "-");
  EXPECT_EQ(json_member(answer["events"][0], "version"), "3");
  EXPECT_EQ(json_cell(nlohmann::json({{"a", 1}})), R"({"a":1})");
}

TEST(store_api, printed_json_survives_invalid_utf8) {
  EXPECT_EQ(json_text(nlohmann::json(std::string("a\xff"))), "\"a\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace eventioz::app
