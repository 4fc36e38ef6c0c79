// The HTTP listener's metrics: requests per route template, method and status; latency per
// route template; open connections; push subscribers.
//
// Labels use the route template ("/v1/topics/{topic}"), never the raw path, so the number of
// series stays bounded whatever clients ask for; requests that matched no route count under
// "(unmatched)", requests refused before routing (too large, not HTTP) under "(unrouted)".
//
// request_recorder is per connection: it remembers the children of the last request's labels,
// so a keep-alive client repeating one request (the usual case) costs no registry lookup.
// Used on the connection's shard only.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/metrics_registry.h"

namespace eventioz::http {

class request_recorder {
 public:
  void record(std::string_view route, std::string_view method, unsigned status,
              std::chrono::steady_clock::duration elapsed);

 private:
  std::string _route;
  std::string _method;
  unsigned _status = 0;
  metrics::counter* _requests = nullptr;
  metrics::histogram* _duration = nullptr;
};

// Counts one request answered outside a connection's request loop (a stream route: push
// subscriptions count once, with the status of their answer). Looks the labels up each time.
void record_http_request(std::string_view route, std::string_view method, unsigned status,
                         std::chrono::steady_clock::duration elapsed);

// eventioz_http_connections: HTTP connections open now (a stream route's socket, once handed
// over, counts as a push subscriber instead).
metrics::gauge& http_connections_gauge();

// eventioz_http_request_memory_bytes: request-body bytes reserved now (http.request_memory_bytes
// is the most there can be).
metrics::gauge& http_request_memory_gauge();

// eventioz_push_subscribers: SSE and WebSocket subscribers connected now. The push routes
// increment it when a subscription starts and decrement it when it ends.
metrics::gauge& push_subscribers_gauge();

// eventioz_push_buffer_bytes: bytes of rendered events push subscribers hold now (reserved
// from http.push_buffer_bytes_max).
metrics::gauge& push_buffer_bytes_gauge();

}  // namespace eventioz::http
