// The produce body's JSON scanner: strict RFC 8259 validation, string unescaping, compact text
// that keeps member order and number spelling. nlohmann's parser is the reference.
#include "http/json_scan.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/errc.h"

namespace eventioz::http::json_scan {
namespace {

bool nlohmann_accepts(std::string_view text) {
  return nlohmann::json::accept(text.begin(), text.end());
}

TEST(json_scan, validates_like_a_strict_parser) {
  const char* valid[] = {"{}",
                         "[]",
                         "0",
                         "-0",
                         "1.5e-3",
                         "-12.25E+2",
                         "\"\"",
                         "true",
                         "null",
                         " {\"a\" : [1, {\"b\": null}], \"c\": \"\\u00e9\\ud83d\\ude00\\n\"} ",
                         "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
                         "\"é😀\""};
  for (const char* text : valid) {
    EXPECT_TRUE(validate(text).ok()) << text << ": " << validate(text).error_value();
    EXPECT_TRUE(nlohmann_accepts(text)) << text;
  }
  const char* invalid[] = {
      "",         "{",       "{\"a\"}",   "{\"a\":1,}",  "[1,]",        "01",
      "1.",       ".5",      "1e",        "+1",          "tru",         "nul",
      "\"a",      "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
      "\"a\tb\"", "{} {}",   "[1 2]",     "{'a': 1}",    "NaN",         "\xff"};
  for (const char* text : invalid) {
    auto checked = validate(text);
    EXPECT_FALSE(checked.ok()) << text;
    if (!checked.ok()) {
      EXPECT_EQ(checked.error_value().code(), errc::bad_json) << text;
    }
    EXPECT_FALSE(nlohmann_accepts(text)) << text;
  }
  std::string deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_FALSE(validate(deep).ok());
  std::string fine = std::string(64, '[') + std::string(64, ']');
  EXPECT_TRUE(validate(fine).ok());
}

TEST(json_scan, walks_values_and_unescapes_strings) {
  std::string text = R"({"b" : [1, "x\"]"], "a": "\u00e9\ud83d\ude00\\\/\n", "n": -1.50e2})";
  ASSERT_TRUE(validate(text).ok());
  cursor in(text);
  ASSERT_TRUE(in.consume('{'));
  EXPECT_EQ(string_content(in.next()), "b");
  ASSERT_TRUE(in.consume(':'));
  value array = in.next();
  EXPECT_EQ(array.type, kind::array);
  EXPECT_EQ(array.raw, R"([1, "x\"]"])");
  ASSERT_TRUE(in.consume(','));
  EXPECT_EQ(string_content(in.next()), "a");
  ASSERT_TRUE(in.consume(':'));
  value string = in.next();
  EXPECT_EQ(string.type, kind::string);
  EXPECT_EQ(string_content(string), "é😀\\/\n");
  EXPECT_EQ(string_content(string), nlohmann::json::parse(string.raw).get<std::string>());
  ASSERT_TRUE(in.consume(','));
  in.next();
  ASSERT_TRUE(in.consume(':'));
  value number = in.next();
  EXPECT_EQ(number.type, kind::number);
  EXPECT_EQ(number.raw, "-1.50e2");
  EXPECT_TRUE(in.consume('}'));
}

TEST(json_scan, compact_text_keeps_order_spelling_and_strings) {
  std::string out;
  append_compact(out, "{ \"z\" : 1.50 ,\n \"a\" : [ \"x  y\\\" \" , true ] }");
  EXPECT_EQ(out, R"({"z":1.50,"a":["x  y\" ",true]})");
  EXPECT_EQ(nlohmann::json::parse(out),
            nlohmann::json::parse("{\"a\": [\"x  y\\\" \", true], \"z\": 1.5}"));
}

}  // namespace
}  // namespace eventioz::http::json_scan
