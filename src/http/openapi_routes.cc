// /openapi.json: the OpenAPI 3 description of every route (src/http/openapi.json, compiled
// in). A unit test checks that it lists exactly the routes of the router.
#include "http/embedded_file.h"
#include "http/routes.h"

namespace eventioz::http {

void add_openapi_routes(router& routes, http_context&) {
  routes.add(verb::get, "/openapi.json", [](const http_request&, responder respond) {
    auto files = openapi_files();
    respond({.status = 200,
             .content_type = "application/json",
             .body = std::string(files.front().bytes)});
  });
}

}  // namespace eventioz::http
