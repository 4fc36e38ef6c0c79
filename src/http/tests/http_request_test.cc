// parse_target: the path and the query parameters of a request target.
#include "http/http_request.h"

#include <gtest/gtest.h>

#include "http/router.h"

namespace eventioz::http {
namespace {

TEST(parse_target, keeps_the_path_encoded_and_decodes_the_parameters) {
  std::string path;
  std::map<std::string, std::string> query;
  ASSERT_TRUE(parse_target("/v1/topics/a%20b/records?key=k+1&limit=5&flag", path, query).ok());
  EXPECT_EQ(path, "/v1/topics/a%20b/records");  // the router decodes each segment
  EXPECT_EQ(query.at("key"), "k 1");
  EXPECT_EQ(query.at("limit"), "5");
  EXPECT_EQ(query.at("flag"), "");
}

TEST(parse_target, refuses_a_parameter_given_twice) {
  std::string path;
  std::map<std::string, std::string> query;
  status parsed = parse_target("/v1/topics/t/records?key=k1&limit=2&key=k0", path, query);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error_value().message(), "query parameter 'key' is given twice; give it once");
  // Spelled differently, decoded the same: still the same name.
  query.clear();
  EXPECT_FALSE(parse_target("/x?partition=0&part%69tion=1", path, query).ok());
}

TEST(parse_target, refuses_a_malformed_escape) {
  std::string path;
  std::map<std::string, std::string> query;
  EXPECT_FALSE(parse_target("/x?key=%zz", path, query).ok());
  EXPECT_FALSE(parse_target("/a%2", path, query).ok());
}

TEST(router, decodes_each_segment_after_splitting) {
  router routes;
  routes.add(boost::beast::http::verb::get, "/v1/stores/{store}/streams/{stream}",
             [](const http_request&, responder) {});
  std::string path;
  std::map<std::string, std::string> query;
  ASSERT_TRUE(parse_target("/v1/stores/bank/streams/tenant%2Fa%20%3F", path, query).ok());
  route_match match = routes.match(boost::beast::http::verb::get, path);
  ASSERT_NE(match.found, nullptr);
  EXPECT_EQ(match.path_params.at("stream"), "tenant/a ?");
  // Literal segments are compared decoded too; a decoded '/' never makes a new segment.
  EXPECT_NE(routes.match(boost::beast::http::verb::get, "/v1/st%6Fres/b/streams/s").found, nullptr);
  EXPECT_EQ(routes.match(boost::beast::http::verb::get, "/v1/stores/b%2Fstreams%2Fs").found,
            nullptr);
}

}  // namespace
}  // namespace eventioz::http
