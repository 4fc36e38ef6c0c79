#include "base/logging.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace eventioz {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(logging, json_lines_are_one_object_each_with_the_fields_as_members) {
  ASSERT_TRUE(setup_logging(log_format::json, "info").ok());
  testing::internal::CaptureStderr();
  spdlog::info("plain \"quoted\" message\nwith a newline");
  log_event(spdlog::level::info, "http request",
            {{"method", std::string_view("GET")},
             {"path", std::string_view("/v1/topics/a\"b")},
             {"status", int64_t{200}},
             {"duration_ms", 1.25}});
  log_event(spdlog::level::debug, "not shown", {{"x", int64_t{1}}});
  auto lines = lines_of(testing::internal::GetCapturedStderr());
  ASSERT_EQ(lines.size(), 2u);

  auto plain = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(plain["level"], "info");
  EXPECT_EQ(plain["message"], "plain \"quoted\" message\nwith a newline");
  EXPECT_TRUE(plain["time"].get<std::string>().ends_with("Z"));

  auto event = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(event["message"], "http request");
  EXPECT_EQ(event["method"], "GET");
  EXPECT_EQ(event["path"], "/v1/topics/a\"b");
  EXPECT_EQ(event["status"], 200);
  EXPECT_DOUBLE_EQ(event["duration_ms"].get<double>(), 1.25);
}

// A raw request target from a client may hold bytes that are not UTF-8; the JSON line must
// still parse (they become U+FFFD), and well-formed UTF-8 is kept.
TEST(logging, json_lines_stay_valid_json_with_bytes_that_are_not_utf8) {
  ASSERT_TRUE(setup_logging(log_format::json, "info").ok());
  testing::internal::CaptureStderr();
  log_event(spdlog::level::info, "http request \xff",
            {{"path", std::string_view("/v1/groups/bad\xff\xc3(caf\xc3\xa9")}});
  auto lines = lines_of(testing::internal::GetCapturedStderr());
  ASSERT_EQ(lines.size(), 1u);
  auto line = nlohmann::json::parse(lines[0]);  // throws (fails) on invalid UTF-8
  EXPECT_EQ(line["path"], "/v1/groups/bad\ufffd\ufffd(caf\u00e9");
}

TEST(logging, text_lines_append_the_fields_as_key_value) {
  ASSERT_TRUE(setup_logging(log_format::text, "info").ok());
  testing::internal::CaptureStderr();
  log_event(spdlog::level::info, "http request",
            {{"method", std::string_view("GET")}, {"status", int64_t{404}}});
  spdlog::info("no fields");
  auto lines = lines_of(testing::internal::GetCapturedStderr());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[0].ends_with("http request method=GET status=404")) << lines[0];
  EXPECT_TRUE(lines[1].ends_with("no fields")) << lines[1];
}

TEST(logging, refuses_an_unknown_level) {
  EXPECT_FALSE(setup_logging(log_format::text, "loud").ok());
}

}  // namespace
}  // namespace eventioz
