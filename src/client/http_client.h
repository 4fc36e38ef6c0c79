// A small synchronous HTTP/1.1 client for the broker's HTTP API (the CLI's `eventioz store`).
// One connection per request, closed after the answer: the CLI sends few requests, and a fresh
// connection never meets one the server has half-closed. Every request is bounded by one
// deadline over connect, write and read, so no call hangs on a silent server.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "client/http_url.h"

namespace eventioz::client {

struct http_answer {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header with this name (compared case-insensitively); nullopt when absent.
  std::optional<std::string> header(std::string_view name) const;
};

class http_client {
 public:
  // The largest answer body accepted: a page of 10,000 events with large data fits.
  static constexpr size_t default_max_body_bytes = size_t{512} << 20;

  explicit http_client(http_url base,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(30'000),
                       size_t max_body_bytes = default_max_body_bytes)
      : _base(std::move(base)), _timeout(timeout), _max_body_bytes(max_body_bytes) {}

  const http_url& base() const { return _base; }

  // Sends `method` ("GET", "POST", ...) to `target` (from make_target; the base URL's path is
  // prepended) with `body` (none when empty; `content_type` says what it is) and waits for the
  // whole answer, whatever its status. Failures: errc::connection_failed (cannot connect, with
  // a hint to start `eventioz serve --http-listen`, or the connection broke), errc::timed_out,
  // errc::protocol_violation (not HTTP, or a body over the limit), errc::invalid_argument (an
  // unknown method). `timeout` overrides the client's.
  result<http_answer> request(std::string_view method, std::string_view target,
                              std::string_view body = {}, std::string_view content_type = {},
                              std::optional<std::chrono::milliseconds> timeout = std::nullopt);

 private:
  http_url _base;
  std::chrono::milliseconds _timeout;
  size_t _max_body_bytes;
};

}  // namespace eventioz::client
