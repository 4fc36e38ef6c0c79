// The HTTP listener's settings (`[http]` in the configuration file; docs/configuration.md).
#pragma once

#include <cstdint>
#include <string>

namespace eventioz::http {

struct http_config {
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  // Request bodies larger than this are refused with 413 before they are read.
  uint64_t max_body_bytes = 16ull << 20;
  // Request bodies all connections may hold at once (read, or being handled); a body that
  // does not fit is refused with 503 and Retry-After before it is read.
  uint64_t request_memory_bytes = 256ull << 20;
  // Request headers larger than this are refused with 431.
  uint32_t max_header_bytes = 16 << 10;
  // A connection that sends nothing for this long (between requests, or mid-request) is closed.
  int64_t idle_timeout_ms = 60'000;
  // Log one line per request (method, path, status, duration).
  bool log_requests = false;
  // How long shutdown waits for responses in progress.
  int64_t shutdown_drain_ms = 2'000;
  // Push delivery (SSE, WebSocket; docs/http-api.md "Push delivery"):
  // a subscriber that reads nothing of what it was sent for this long is disconnected;
  int64_t push_stall_timeout_ms = 30'000;
  // an idle subscription gets an SSE comment / a WebSocket ping this often (keeps proxies from
  // cutting it);
  int64_t push_keep_alive_ms = 15'000;
  // more subscribers than this (all shards together) are refused with 503.
  int64_t push_subscribers_max = 10'000;
  // rendered events held by all subscribers together (all shards); a subscriber that finds it
  // spent pauses before reading more (push_session.h "Memory").
  uint64_t push_buffer_bytes_max = 256ull << 20;
  int32_t node_id = 0;
  std::string cluster_id;
  std::string data_directory;
  // Where Kafka clients reach this broker (the advertised address), for GET /v1/cluster.
  std::string kafka_host;
  uint16_t kafka_port = 0;
};

}  // namespace eventioz::http
