// The Kafka listener: shards, the acceptor, and the broker context the handlers share.
//
// Lifecycle: start() binds and listens (errors: the address is taken, not resolvable);
// shutdown() stops accepting, lets connections finish the requests they have received (bounded
// by server_config::shutdown_drain_ms), then stops the shards. The topic_manager is the
// caller's: close it after shutdown() and before destroying the server, so that completions
// still running on flush threads find the server alive (their answers are dropped).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "base/result.h"
#include "cluster/topic_manager.h"
#include "kafka/server/broker_context.h"
#include "kafka/server/server_config.h"
#include "kafka/server/shard_set.h"
#include "txn/transaction_service.h"

namespace eventioz::kafka {

class kafka_server {
 public:
  kafka_server(cluster::topic_manager& topics, server_config config);
  ~kafka_server();

  status start();
  void shutdown();

  // The port actually bound (useful with listen_port 0).
  uint16_t bound_port() const { return _bound_port; }

 private:
  void accept_next();
  // Every transaction_expiry_interval_ms on shard 0: transaction timeouts, stalled completions.
  void schedule_transaction_expiry();

  shard_set _shards;
  broker_context _broker;
  std::unique_ptr<txn::transaction_service> _transactions;
  std::unique_ptr<boost::asio::steady_timer> _expiry_timer;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> _acceptor;
  uint16_t _bound_port = 0;
  uint32_t _next_shard = 0;
  bool _stopped = false;
};

}  // namespace eventioz::kafka
