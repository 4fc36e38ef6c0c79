// /healthz: the process answers. /readyz: storage is open and the listeners accept clients;
// 503 with the failing checks otherwise (load balancers and orchestrators poll these).
#include <chrono>

#include "http/routes.h"

namespace eventioz::http {

void add_health_routes(router& routes, http_context& context) {
  routes.add(verb::get, "/healthz", [&context](const http_request&, responder respond) {
    auto uptime = std::chrono::steady_clock::now() - context.started;
    respond(json_response(
        200,
        {{"status", "ok"},
         {"uptime_ms", std::chrono::duration_cast<std::chrono::milliseconds>(uptime).count()}}));
  });
  routes.add(verb::get, "/readyz", [&context](const http_request&, responder respond) {
    nlohmann::json checks = {{"storage", context.ready.storage_open.load()},
                             {"kafka_listener", context.ready.kafka_listening.load()},
                             {"http_listener", context.ready.http_listening.load()}};
    bool ready = !context.draining;
    for (const auto& [name, passed] : checks.items()) ready = ready && passed.get<bool>();
    if (ready) return respond(json_response(200, {{"status", "ready"}, {"checks", checks}}));
    respond(problem(503, "not-ready", "Not ready",
                    context.draining ? "the broker is shutting down"
                                     : "a check failed (see checks); wait, then ask again",
                    {{"checks", checks}}));
  });
}

}  // namespace eventioz::http
