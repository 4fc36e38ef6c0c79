// The table of routes: a method and a path template ("/v1/topics/{topic}/records") per route,
// matched segment by segment; `{name}` matches one non-empty segment and becomes a path
// parameter.
//
// Two kinds of route:
// - a plain route answers once through `respond` (callable from any thread, exactly once);
//   the request stays valid until then;
// - a stream route (SSE, WebSocket) takes the connection over for as long as it likes
//   (stream_start): the HTTP connection forgets the socket.
//
// Built once at start-up, then only read: thread-safe for lookups.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/http_request.h"
#include "http/http_response.h"

namespace eventioz::http {

using verb = boost::beast::http::verb;
using responder = std::function<void(http_response)>;
using route_handler = std::function<void(const http_request& request, responder respond)>;

// What a stream route receives: the request, the socket (on the request's shard's loop) and
// the bytes already read past the request.
struct stream_start {
  http_request request;
  boost::beast::tcp_stream stream;
  boost::beast::flat_buffer buffer;
  // When the request's header started to be read: a stream route counts its request in
  // eventioz_http_requests_total itself (record_http_request, http_probe.h), once answered.
  std::chrono::steady_clock::time_point started;
};
using stream_handler = std::function<void(stream_start start)>;

struct route {
  verb method;
  std::string path_template;
  route_handler handler;              // set for a plain route
  stream_handler stream_opener;       // set for a stream route
  std::vector<std::string> segments;  // path_template split on '/'
  // The query parameters the handler reads; any other is refused (400) before the handler
  // runs, so a misspelt `limt=5` is not silently ignored. Checked for documented routes; a
  // unit test compares them with openapi.json's `in: query` parameters.
  std::vector<std::string> query_parameters;
  // Listed in openapi.json (a unit test checks both ways); false for the console's static
  // assets, which are not API.
  bool documented = true;
};

struct route_match {
  const route* found = nullptr;
  std::map<std::string, std::string> path_params;
  // When the path matched but not the method: the methods it has (for 405 and Allow).
  std::vector<verb> allowed;
};

// The refusal of a query parameter `entry` does not take (nullopt when every one is known, or
// when the route is undocumented).
std::optional<http_response> unknown_query_parameter(const route& entry,
                                                     const http_request& request);

class router {
 public:
  void add(verb method, std::string path_template, route_handler handler,
           std::vector<std::string> query_parameters = {}, bool documented = true);
  void add_stream(verb method, std::string path_template, stream_handler opener,
                  std::vector<std::string> query_parameters = {}, bool documented = true);

  // `path` as sent (percent-encoded): split on '/', then each segment decoded, so "%2F" is
  // part of a parameter ("tenant%2Fa" is the stream "tenant/a"), never a separator.
  route_match match(verb method, const std::string& path) const;
  const std::vector<route>& routes() const { return _routes; }

 private:
  // Splits the template into segments and keeps the route.
  void add_route(route entry);

  std::vector<route> _routes;
};

}  // namespace eventioz::http
