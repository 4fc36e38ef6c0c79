// The one list of route groups.
#include "http/routes.h"

namespace eventioz::http {

void add_all_routes(router& routes, http_context& context) {
  add_health_routes(routes, context);
  add_metrics_routes(routes, context);
  add_openapi_routes(routes, context);
  add_cluster_routes(routes, context);
  add_topic_routes(routes, context);
  add_record_routes(routes, context);
  add_push_routes(routes, context);
  add_store_push_routes(routes, context);
  add_group_routes(routes, context);
  add_store_routes(routes, context);
  add_stream_routes(routes, context);
  add_stream_state_route(routes, context);
  add_store_log_route(routes, context);
  add_projection_routes(routes, context);
  // Last: the console's files never shadow an API route.
  add_console_routes(routes, context);
}

}  // namespace eventioz::http
