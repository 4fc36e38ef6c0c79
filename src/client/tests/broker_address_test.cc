#include "client/broker_address.h"

#include <gtest/gtest.h>

#include "client/errc.h"

namespace eventioz::client {
namespace {

TEST(broker_address, parses_host_and_port) {
  auto parsed = parse_broker_address("127.0.0.1:9093");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->host, "127.0.0.1");
  EXPECT_EQ(parsed->port, 9093);
  EXPECT_EQ(parsed->to_string(), "127.0.0.1:9093");
}

TEST(broker_address, a_bare_host_uses_kafkas_port) {
  auto parsed = parse_broker_address("localhost");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->port, 9092);
}

TEST(broker_address, ipv6_needs_brackets) {
  auto parsed = parse_broker_address("[::1]:19092");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->host, "::1");
  EXPECT_EQ(parsed->port, 19092);
  EXPECT_EQ(parsed->to_string(), "[::1]:19092");
  auto refused = parse_broker_address("::1:9092");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error_value().message().find("brackets"), std::string::npos);
}

TEST(broker_address, bad_input_says_the_expected_form) {
  for (const char* text : {"", "host:", "host:0", "host:65536", "host:12x", ":9092", "[::1"}) {
    auto refused = parse_broker_address(text);
    ASSERT_FALSE(refused.ok()) << text;
    EXPECT_EQ(refused.error_value(), errc::invalid_argument);
    EXPECT_NE(refused.error_value().message().find("HOST:PORT"), std::string::npos) << text;
  }
}

TEST(broker_address, lists_are_comma_separated) {
  auto parsed = parse_broker_list("a:1, b:2,c");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[1], (broker_address{"b", 2}));
  EXPECT_EQ((*parsed)[2], (broker_address{"c", 9092}));
  EXPECT_FALSE(parse_broker_list("a:1,,b:2").ok());
}

}  // namespace
}  // namespace eventioz::client
