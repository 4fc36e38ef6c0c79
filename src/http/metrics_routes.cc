// /metrics: every metric of the broker in the Prometheus text format (docs/metrics.md lists
// them). Rendered on the shard that received the request: a scrape reads atomics and, under
// short locks, the open partitions and the groups; with 1,000 partitions it takes about a
// millisecond (docs/benchmarks.md), well within a shard's budget for one request.
#include "base/metrics_registry.h"
#include "http/http_probe.h"
#include "http/routes.h"
#include "observe/prometheus_text.h"
#include "observe/scrape.h"
#include "storage/storage_probe.h"

namespace eventioz::http {

void add_metrics_routes(router& routes, http_context& context) {
  // Families that only move later (push subscribers, fsyncs) are listed from the first scrape
  // on. (The Kafka listener registers its own when it starts.)
  push_subscribers_gauge();
  push_buffer_bytes_gauge();
  http_connections_gauge();
  storage::fsync_duration_histogram();
  routes.add(verb::get, "/metrics", [&context](const http_request&, responder respond) {
    http_response response;
    response.content_type = std::string(observe::prometheus_content_type);
    response.body =
        observe::scrape_metrics(metrics::default_registry(), context.topics, context.groups);
    respond(std::move(response));
  });
}

}  // namespace eventioz::http
