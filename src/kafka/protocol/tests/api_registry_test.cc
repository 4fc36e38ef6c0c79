// The generated registry: every API once, in key order, and the header versions clients
// expect (request v2 / response v1 exactly in flexible versions; ApiVersions responses v0).
#include "kafka/protocol/api_registry.h"

#include <gtest/gtest.h>

#include "kafka/protocol/messages.h"

namespace eventioz::kafka::protocol {
namespace {

TEST(api_registry, lists_every_api_once_in_key_order) {
  auto apis = all_apis();
  ASSERT_FALSE(apis.empty());
  for (size_t i = 1; i < apis.size(); ++i) EXPECT_LT(apis[i - 1].key, apis[i].key);
  for (const api_descriptor& api : apis) {
    EXPECT_EQ(find_api(api.key), &api);
    EXPECT_LE(api.min_version, api.max_version);
  }
  EXPECT_EQ(find_api(-1), nullptr);
  EXPECT_EQ(find_api(32000), nullptr);  // the test-only schema is not registered
}

TEST(api_registry, api_versions_entry) {
  const api_descriptor* api = find_api(static_cast<int16_t>(api_key::api_versions));
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->key, 18);
  EXPECT_EQ(api->name, "api_versions");
  EXPECT_EQ(api->min_version, api_versions_request::min_version);
  EXPECT_EQ(api->max_version, 3);
  EXPECT_EQ(api->first_flexible_version, 3);
}

TEST(api_registry, header_versions_follow_flexible_versions) {
  for (const api_descriptor& api : all_apis()) {
    for (int16_t version = api.min_version; version <= api.max_version; ++version) {
      bool flexible = api.first_flexible_version >= 0 && version >= api.first_flexible_version;
      EXPECT_EQ(request_header_version(api.key, version), flexible ? 2 : 1) << api.name;
      int16_t response = api.key == 18 ? 0 : (flexible ? 1 : 0);
      EXPECT_EQ(response_header_version(api.key, version), response) << api.name;
    }
  }
}

TEST(api_registry, api_versions_headers_beyond_our_range) {
  // A newer client's ApiVersions v4 has a v2 request header and, like every ApiVersions
  // response, a v0 response header: the broker must read it to answer "unsupported".
  EXPECT_EQ(request_header_version(18, 4), 2);
  EXPECT_EQ(request_header_version(18, 2), 1);
  EXPECT_EQ(response_header_version(18, 3), 0);
  EXPECT_EQ(response_header_version(18, 4), 0);
  EXPECT_EQ(request_header_version(-5, 0), 1);  // unknown key
}

}  // namespace
}  // namespace eventioz::kafka::protocol
