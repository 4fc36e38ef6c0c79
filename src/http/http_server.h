// The HTTP listener: REST under /v1, push delivery (SSE, WebSocket), /metrics, health checks,
// the OpenAPI document and the web console, served on the broker's shards (design §4).
//
// Lifecycle: construct with the topics, the shards (running: the Kafka listener's) and the
// group coordinator; start() binds and listens; shutdown() stops accepting, closes idle
// connections and sessions, and lets requests being served answer (bounded by
// shutdown_drain_ms). Destroy it before the shards' event loops.
//
// Thread-safe: start() and shutdown() from the owner's thread; everything else runs on shards.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "base/result.h"
#include "http/http_context.h"
#include "http/router.h"

namespace eventioz::http {

class http_server {
 public:
  http_server(cluster::topic_manager& topics, io::shard_set& shards,
              groups::group_coordinator& groups, http_config config);
  ~http_server();

  status start();
  void shutdown();

  uint16_t bound_port() const { return _bound_port; }
  http_context& context() { return *_context; }
  const router& routes() const { return _context->routes; }

 private:
  void accept_next();

  std::shared_ptr<http_context> _context;  // shared with connections and sessions
  std::unique_ptr<boost::asio::ip::tcp::acceptor> _acceptor;
  uint16_t _bound_port = 0;
  uint32_t _next_shard = 0;
  bool _stopped = false;
};

}  // namespace eventioz::http
