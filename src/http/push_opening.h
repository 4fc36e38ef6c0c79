// The steps every push route shares (push_routes.cc for topics, store_push_routes.cc for the
// event store): a refusal is an ordinary HTTP answer (problem+json) written on the socket the
// connection handed over; a HEAD gets the head a GET would; the subscriber limit; then an SSE or
// a WebSocket push_session (by the request: an upgrade is WebSocket) takes the socket over.
// Every request is counted once in eventioz_http_requests_total under its route template,
// with the status it was answered with.
//
// Lifecycle: made by a push route's stream handler on the connection's shard, used once
// (refuse() or open()), then dropped.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_context.h"
#include "http/push_renderer.h"
#include "http/push_session.h"
#include "http/router.h"

namespace eventioz::http {

class push_opening {
 public:
  // `route` is the route template (static storage), the label of the request counters.
  push_opening(http_context& context, stream_start start, std::string_view route);

  const http_request& request() const { return _start.request; }

  // Answers `response` and closes the connection.
  void refuse(http_response response);
  // Every check passed: starts delivering `sources` of `topic` as `renderer` says (or answers a
  // HEAD, or 503 too-many-subscribers).
  void open(const std::string& topic, std::vector<push_source> sources,
            std::unique_ptr<push_renderer> renderer);

 private:
  void count_request(unsigned status) const;

  http_context& _context;
  stream_start _start;
  std::string_view _route;
};

// Where each partition `first`..`last` of `topic` starts: `resume`'s position when it names
// the partition, else `start` (end, earliest, offset or timestamp); never before the log start
// (earlier records are gone). A requested position past a partition's high watermark (an
// offset or cursor from the future, or from a topic deleted and created again) is refused into
// `refused` (416 offset-out-of-range), like the REST consume route: waiting there silently
// would deliver nothing until the log grew that far. The high watermark itself is valid: the
// subscription waits for the next record. Errors: opening a partition failed.
result<std::vector<push_source>> resolve_push_sources(http_context& context,
                                                      const std::string& topic, int32_t first,
                                                      int32_t last, const push_start& start,
                                                      const std::optional<push_positions>& resume,
                                                      std::optional<http_response>& refused);

// 400 when `resume` names a partition `topic` does not have (a cursor from another topic).
std::optional<http_response> check_cursor_partitions(const std::string& topic,
                                                     int32_t partition_count,
                                                     const std::optional<push_positions>& resume);

}  // namespace eventioz::http
