// openapi.json lists exactly the documented routes of the router: every (method, path) in the
// document exists, and every documented route is in the document, with its responses.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "http/embedded_file.h"
#include "http/routes.h"
#include "io/file_system.h"

namespace eventioz::http {
namespace {

using route_key = std::pair<std::string, std::string>;  // method (lower case), path template

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A real topic manager and group coordinator in a temporary directory: routes capture them.
class openapi_test : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/eventioz-openapi-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root = pattern;
    auto manager =
        cluster::topic_manager::open(io::posix_file_system(), {.data_directory = root + "/data"});
    ASSERT_TRUE(manager.ok()) << manager.error_value();
    topics = std::move(*manager);
    auto opened = groups::group_coordinator::open(*topics, {.offsets_topic_partitions = 1});
    ASSERT_TRUE(opened.ok()) << opened.error_value();
    coordinator = std::move(*opened);
    context = std::make_unique<http_context>(*topics, shards, *coordinator, http_config{});
  }
  void TearDown() override {
    context.reset();
    if (coordinator) coordinator->shutdown();
    coordinator.reset();
    if (topics) {
      EXPECT_TRUE(topics->close().ok());
    }
    topics.reset();
    std::filesystem::remove_all(root);
  }

  std::string root;
  io::shard_set shards{1};
  std::unique_ptr<cluster::topic_manager> topics;
  std::unique_ptr<groups::group_coordinator> coordinator;
  std::unique_ptr<http_context> context;
};

TEST_F(openapi_test, lists_exactly_the_documented_routes) {
  router routes;
  add_all_routes(routes, *context);
  std::set<route_key> in_router;
  for (const route& entry : routes.routes()) {
    if (!entry.documented) continue;
    auto method = boost::beast::http::to_string(entry.method);
    in_router.insert({lower(std::string_view(method.data(), method.size())), entry.path_template});
  }

  auto files = openapi_files();
  ASSERT_FALSE(files.empty());
  auto document = nlohmann::json::parse(files.front().bytes);
  EXPECT_EQ(document["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<route_key> in_document;
  static const std::set<std::string> methods = {"get",   "put",  "post",   "delete",
                                                "patch", "head", "options"};
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      if (!methods.contains(method)) continue;  // "parameters" shared by the path's operations
      in_document.insert({method, path});
      EXPECT_TRUE(operation.contains("responses") && !operation["responses"].empty())
          << method << " " << path << " documents no response";
    }
  }
  for (const auto& key : in_router) {
    EXPECT_TRUE(in_document.contains(key))
        << key.first << " " << key.second << " is a route but not in openapi.json";
  }
  for (const auto& key : in_document) {
    EXPECT_TRUE(in_router.contains(key))
        << key.first << " " << key.second << " is in openapi.json but not a route";
  }
}

// A route refuses the query parameters it does not declare: the document must list exactly
// those (`in: query`, on the operation or shared by its path), no more, no fewer.
TEST_F(openapi_test, query_parameters_match_the_routes) {
  router routes;
  add_all_routes(routes, *context);
  auto document = nlohmann::json::parse(openapi_files().front().bytes);
  for (const route& entry : routes.routes()) {
    if (!entry.documented) continue;
    auto verb_name = boost::beast::http::to_string(entry.method);
    std::string method = lower(std::string_view(verb_name.data(), verb_name.size()));
    const nlohmann::json& path = document["paths"][entry.path_template];
    std::set<std::string> documented;
    for (const nlohmann::json* list : {&path[method], &path}) {
      if (!list->contains("parameters")) continue;
      for (const nlohmann::json& parameter : (*list)["parameters"]) {
        if (parameter.value("in", "") == "query") documented.insert(parameter["name"]);
      }
    }
    std::set<std::string> declared(entry.query_parameters.begin(), entry.query_parameters.end());
    EXPECT_EQ(declared, documented) << method << " " << entry.path_template;
  }
}

}  // namespace
}  // namespace eventioz::http
