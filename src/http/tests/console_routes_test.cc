// The console's files as routes: `/` is index.html, hashed assets are cached for good and
// index.html never, none of them is API (documented = false), and a build without the
// console answers `/` with a problem that says how to build it.
#include <gtest/gtest.h>

#include <array>
#include <optional>

#include "http/routes.h"

namespace eventioz::http {
namespace {

const std::array<embedded_file, 2> built_console = {{
    {"/assets/index-3f2a9c.js", "text/javascript; charset=utf-8", "console.log(1)"},
    {"/index.html", "text/html; charset=utf-8", "<!doctype html><title>Eventioz</title>"},
}};

http_response get(const router& routes, const std::string& path) {
  route_match match = routes.match(verb::get, path);
  EXPECT_NE(match.found, nullptr) << path;
  if (match.found == nullptr) return {};
  std::optional<http_response> answer;
  match.found->handler(http_request{}, [&answer](http_response r) { answer = std::move(r); });
  EXPECT_TRUE(answer.has_value()) << path;
  return answer.value_or(http_response{});
}

std::string header(const http_response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return "";
}

TEST(console_routes, root_and_index_html_answer_the_page_uncached) {
  router routes;
  add_console_files(routes, built_console);
  for (const std::string path : {"/", "/index.html"}) {
    http_response page = get(routes, path);
    EXPECT_EQ(page.status, 200u);
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(page.body, "<!doctype html><title>Eventioz</title>");
    EXPECT_EQ(header(page, "Cache-Control"), "no-cache");
    EXPECT_NE(header(page, "Content-Security-Policy"), "");
  }
}

TEST(console_routes, hashed_assets_are_immutable) {
  router routes;
  add_console_files(routes, built_console);
  http_response script = get(routes, "/assets/index-3f2a9c.js");
  EXPECT_EQ(script.status, 200u);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script.body, "console.log(1)");
  EXPECT_EQ(header(script, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(routes.match(verb::get, "/assets/other.js").found, nullptr);
}

TEST(console_routes, console_routes_are_not_api) {
  router routes;
  routes.add(verb::get, "/healthz", [](const http_request&, responder) {});
  add_console_files(routes, built_console);
  ASSERT_EQ(routes.routes().size(), 4u);
  EXPECT_TRUE(routes.routes()[0].documented);  // the default
  for (size_t i = 1; i < routes.routes().size(); ++i) EXPECT_FALSE(routes.routes()[i].documented);
}

TEST(console_routes, without_the_console_root_says_how_to_build_it) {
  router routes;
  add_console_files(routes, {});
  http_response answer = get(routes, "/");
  EXPECT_EQ(answer.status, 404u);
  EXPECT_EQ(answer.content_type, "application/problem+json");
  EXPECT_NE(answer.body.find("console-not-built"), std::string::npos);
  EXPECT_NE(answer.body.find("scripts/build-console"), std::string::npos);
  EXPECT_FALSE(routes.routes().front().documented);
}

}  // namespace
}  // namespace eventioz::http
