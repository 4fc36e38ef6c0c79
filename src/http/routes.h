// Every route of the HTTP API, added to one router. One function per group of routes, each
// in its own file; docs/http-api.md and openapi.json describe them.
#pragma once

#include "http/http_context.h"
#include "http/router.h"

namespace eventioz::http {

void add_all_routes(router& routes, http_context& context);

// health_routes.cc: /healthz, /readyz
void add_health_routes(router& routes, http_context& context);
// openapi_routes.cc: /openapi.json
void add_openapi_routes(router& routes, http_context& context);
// push_routes.cc: /v1/topics/{topic}/events (SSE and WebSocket)
void add_push_routes(router& routes, http_context& context);

}  // namespace eventioz::http
