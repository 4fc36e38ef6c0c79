#include "client/api_versions.h"

#include <gtest/gtest.h>

#include "client/errc.h"

namespace eventioz::client {
namespace {

TEST(api_versions, chooses_the_highest_common_version) {
  api_versions versions({{0, {3, 9}}, {1, {4, 11}}});
  EXPECT_EQ(versions.choose(0, {3, 7}), 7);    // we stop first
  EXPECT_EQ(versions.choose(1, {4, 13}), 11);  // the broker stops first
  EXPECT_EQ(versions.choose(0, {0, 3}), 3);    // they meet at one version
}

TEST(api_versions, no_common_version_names_both_ranges) {
  api_versions versions({{0, {8, 9}}});
  EXPECT_EQ(versions.choose(0, {3, 7}), std::nullopt);
  auto refused = versions.require(0, "Produce", {3, 7});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_value(), errc::unsupported_version);
  EXPECT_EQ(refused.error_value().message(),
            "the broker supports Produce versions 8-9, this client 3-7: no common version; "
            "upgrade the older side");
}

TEST(api_versions, an_api_the_broker_lacks) {
  api_versions versions({{0, {3, 9}}});
  EXPECT_FALSE(versions.supports(32));
  auto refused = versions.require(32, "DescribeConfigs", {0, 2});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error_value().message().find("does not support DescribeConfigs"),
            std::string::npos);
}

}  // namespace
}  // namespace eventioz::client
