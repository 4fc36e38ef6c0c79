#include "client/http_url.h"

#include <gtest/gtest.h>

#include "client/errc.h"

namespace eventioz::client {
namespace {

TEST(http_url, parses_host_port_and_prefix) {
  auto url = parse_http_url("http://127.0.0.1:8080");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->base_path, "");
  EXPECT_EQ(url->to_string(), "http://127.0.0.1:8080");
  EXPECT_EQ(url->authority(), "127.0.0.1:8080");

  auto prefixed = parse_http_url("HTTP://broker.example/api/");
  ASSERT_TRUE(prefixed.ok());
  EXPECT_EQ(prefixed->host, "broker.example");
  EXPECT_EQ(prefixed->port, 80);
  EXPECT_EQ(prefixed->base_path, "/api");
}

TEST(http_url, ipv6_hosts_need_brackets) {
  auto url = parse_http_url("http://[::1]:18080/");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 18080);
  EXPECT_EQ(url->to_string(), "http://[::1]:18080");
  auto refused = parse_http_url("http://::1:8080");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error_value().message().find("brackets"), std::string::npos);
}

TEST(http_url, bad_urls_say_the_expected_form) {
  for (const char* text : {"", "127.0.0.1:8080", "https://host:8443", "http://", "http://:8080",
                           "http://host:", "http://host:0", "http://host:65536", "http://host:8x",
                           "http://user@host:8080", "http://host:8080/?a=b", "http://[::1"}) {
    auto refused = parse_http_url(text);
    ASSERT_FALSE(refused.ok()) << text;
    EXPECT_EQ(refused.error_value(), errc::invalid_argument) << text;
    EXPECT_NE(refused.error_value().message().find("http://HOST:PORT"), std::string::npos) << text;
  }
}

TEST(percent_encode, keeps_only_unreserved_characters) {
  EXPECT_EQ(percent_encode("account-42_x.y~z"), "account-42_x.y~z");
  EXPECT_EQ(percent_encode("a/b?c#d%e f+g&h=i"), "a%2Fb%3Fc%23d%25e%20f%2Bg%26h%3Di");
  EXPECT_EQ(percent_encode(std::string_view("\x00\xff\xc3\xa9", 4)), "%00%FF%C3%A9");
  EXPECT_EQ(percent_encode(""), "");
}

TEST(percent_encode, dot_segments_are_encoded_whole) {
  EXPECT_EQ(percent_encode("."), "%2E");
  EXPECT_EQ(percent_encode(".."), "%2E%2E");
  EXPECT_EQ(percent_encode("..a"), "..a");
}

TEST(make_target, encodes_each_segment_and_query_value) {
  EXPECT_EQ(make_target({"v1", "stores", "bank", "streams", "account/7 é"}),
            "/v1/stores/bank/streams/account%2F7%20%C3%A9");
  EXPECT_EQ(make_target({"v1", "stores"}, {{"limit", "10"}, {"reducer", R"({"type":"rules"})"}}),
            "/v1/stores?limit=10&reducer=%7B%22type%22%3A%22rules%22%7D");
  EXPECT_EQ(make_target({}), "/");
}

}  // namespace
}  // namespace eventioz::client
