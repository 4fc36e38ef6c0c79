// The web console (console/, a Vite build compiled into the binary by cmake/embed_files.py):
// `/` and `/index.html` answer index.html, every other built file its own path
// (`/assets/index-3f2a.js`, `/favicon.svg`). The console routes in the URL fragment
// (`/#/topics/orders`), so no path beyond these files is needed.
//
// Caching: Vite names the files under /assets/ after a hash of their content, so they never
// change: cached for a year, immutable. index.html (which names the current assets) and the
// other files are revalidated every time (no-cache).
//
// These routes are pages, not API: marked `documented = false` (not in openapi.json).
// Registered last, after every API route.
#include <string>

#include "http/embedded_file.h"
#include "http/routes.h"

namespace eventioz::http {
namespace {

// Scripts, styles and requests only from the broker itself; Chart.js sizes its canvas with
// inline styles.
constexpr std::string_view content_security_policy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; frame-ancestors 'none'";

bool is_hashed_asset(std::string_view path) { return path.starts_with("/assets/"); }

http_response file_response(const embedded_file& file) {
  http_response response{.status = 200,
                         .content_type = std::string(file.content_type),
                         .body = std::string(file.bytes)};
  response.headers.emplace_back("Cache-Control", is_hashed_asset(file.path)
                                                     ? "public, max-age=31536000, immutable"
                                                     : "no-cache");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (file.path == "/index.html") {
    response.headers.emplace_back("Content-Security-Policy", std::string(content_security_policy));
  }
  return response;
}

void serve(router& routes, std::string path, const embedded_file& file) {
  routes.add(
      verb::get, std::move(path),
      [&file](const http_request&, responder respond) { respond(file_response(file)); },
      /*query_parameters=*/{}, /*documented=*/false);
}

}  // namespace

void add_console_files(router& routes, std::span<const embedded_file> files) {
  if (files.empty()) {
    routes.add(
        verb::get, "/",
        [](const http_request&, responder respond) {
          respond(problem(404, "console-not-built", "The web console is not in this build",
                          "this eventioz was built without console/dist: run "
                          "scripts/build-console (or `make build`, which runs it), then "
                          "rebuild eventioz. The HTTP API under /v1 works without it."));
        },
        /*query_parameters=*/{}, /*documented=*/false);
    return;
  }
  for (const embedded_file& file : files) {
    if (file.path == "/index.html") serve(routes, "/", file);
    serve(routes, std::string(file.path), file);
  }
}

void add_console_routes(router& routes, http_context&) {
  add_console_files(routes, console_files());
}

}  // namespace eventioz::http
