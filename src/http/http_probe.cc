#include "http/http_probe.h"

namespace eventioz::http {
namespace {

metrics::family<metrics::counter>& requests_family() {
  static auto& family = metrics::default_registry().counter_family(
      "eventioz_http_requests_total",
      "HTTP requests answered, per route template, method and "
      "status code.",
      {"route", "method", "code"});
  return family;
}

metrics::family<metrics::histogram>& duration_family() {
  static auto& family = metrics::default_registry().histogram_family(
      "eventioz_http_request_duration_seconds",
      "Time from reading an HTTP request's header to writing its answer, in seconds, per route "
      "template.",
      {"route"});
  return family;
}

}  // namespace

void request_recorder::record(std::string_view route, std::string_view method, unsigned status,
                              std::chrono::steady_clock::duration elapsed) {
  bool same_route = _duration && route == _route;
  if (!same_route) {
    _route.assign(route);
    _duration = &duration_family().with({route});
  }
  if (!same_route || !_requests || method != _method || status != _status) {
    _method.assign(method);
    _status = status;
    _requests = &requests_family().with({route, method, std::to_string(status)});
  }
  _requests->increment();
  _duration->observe(elapsed);
}

void record_http_request(std::string_view route, std::string_view method, unsigned status,
                         std::chrono::steady_clock::duration elapsed) {
  requests_family().with({route, method, std::to_string(status)}).increment();
  duration_family().with({route}).observe(elapsed);
}

metrics::gauge& http_connections_gauge() {
  static auto& child = metrics::default_registry()
                           .gauge_family("eventioz_http_connections",
                                         "HTTP connections open now (not push subscribers).")
                           .with({});
  return child;
}

metrics::gauge& http_request_memory_gauge() {
  static auto& child = metrics::default_registry()
                           .gauge_family("eventioz_http_request_memory_bytes",
                                         "Bytes reserved for HTTP request bodies now (at most "
                                         "http.request_memory_bytes).")
                           .with({});
  return child;
}

metrics::gauge& push_subscribers_gauge() {
  static auto& child =
      metrics::default_registry()
          .gauge_family("eventioz_push_subscribers",
                        "Push subscribers (Server-Sent Events and WebSocket) connected now.")
          .with({});
  return child;
}

metrics::gauge& push_buffer_bytes_gauge() {
  static auto& child =
      metrics::default_registry()
          .gauge_family("eventioz_push_buffer_bytes",
                        "Bytes of rendered events push subscribers hold now (at most about "
                        "http.push_buffer_bytes_max).")
          .with({});
  return child;
}

}  // namespace eventioz::http
