// Every route of the HTTP API, added to one router. One function per group of routes, each
// in its own file; docs/http-api.md and openapi.json describe them.
#pragma once

#include <span>

#include "http/embedded_file.h"
#include "http/http_context.h"
#include "http/router.h"

namespace eventioz::http {

void add_all_routes(router& routes, http_context& context);

// health_routes.cc: /healthz, /readyz
void add_health_routes(router& routes, http_context& context);
// metrics_routes.cc: /metrics (Prometheus text format)
void add_metrics_routes(router& routes, http_context& context);
// openapi_routes.cc: /openapi.json
void add_openapi_routes(router& routes, http_context& context);
// group_routes.cc (+ group_reset_route.cc, group_consume_route.cc): /v1/groups...
void add_group_routes(router& routes, http_context& context);
// console_routes.cc: the web console at / (static files; not in openapi.json). Added last.
void add_console_routes(router& routes, http_context& context);
// The same for a given table of files (`files` must outlive the router); empty: `/` answers
// 404 console-not-built.
void add_console_files(router& routes, std::span<const embedded_file> files);

// cluster_routes.cc: /v1/cluster, /v1/brokers
void add_cluster_routes(router& routes, http_context& context);
// topic_routes.cc: /v1/topics, /v1/topics/{topic}, its configs and partitions
void add_topic_routes(router& routes, http_context& context);
// record_routes.cc: /v1/topics/{topic}/records (produce and consume)
void add_record_routes(router& routes, http_context& context);
// push_routes.cc: /v1/topics/{topic}/events (SSE and WebSocket)
void add_push_routes(router& routes, http_context& context);
// store_push_routes.cc: /v1/stores/{store}/events, /v1/stores/{store}/streams/{stream}/events
void add_store_push_routes(router& routes, http_context& context);

// The event store (docs/http-api.md#event-store), plain routes:
// store_routes.cc: /v1/stores, /v1/stores/{store}
void add_store_routes(router& routes, http_context& context);
// stream_routes.cc: /v1/stores/{store}/streams/{stream} (append, read, delete)
void add_stream_routes(router& routes, http_context& context);
// stream_state_route.cc: /v1/stores/{store}/streams/{stream}/state
void add_stream_state_route(router& routes, http_context& context);
// store_log_route.cc: /v1/stores/{store}/all
void add_store_log_route(router& routes, http_context& context);
// projection_routes.cc: /v1/stores/{store}/projections...
void add_projection_routes(router& routes, http_context& context);

}  // namespace eventioz::http
