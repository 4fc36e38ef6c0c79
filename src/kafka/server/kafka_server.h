// The Kafka listener: shards, the acceptor, and the broker context the handlers share.
//
// Lifecycle: start() opens the group coordinator (creating __consumer_offsets when missing and
// rebuilding the groups), binds and listens (errors: the address is taken, not resolvable);
// shutdown() stops accepting, lets connections finish the requests they have received (bounded
// by server_config::shutdown_drain_ms; JoinGroup/SyncGroup requests still waiting are answered
// COORDINATOR_NOT_AVAILABLE first), then shuts the transaction coordinator down and waits
// (bounded by the same delay) for the transaction completions and consumer-group writes in
// flight, then stops the shards. The topic_manager is the
// caller's: close it after shutdown() and before destroying the server, so that completions
// still running on flush threads find the server alive (their answers are dropped).
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "base/result.h"
#include "cluster/topic_manager.h"
#include "groups/group_coordinator.h"
#include "io/shard_set.h"
#include "kafka/server/broker_context.h"
#include "kafka/server/group_participants.h"
#include "kafka/server/server_config.h"
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
  // The consumer-group coordinator (null before start()).
  groups::group_coordinator* groups() { return _groups.get(); }
  // The shards the Kafka listener runs on; other listeners (HTTP) run on them too. Running
  // from start() until shutdown().
  io::shard_set& shards() { return _shards; }

 private:
  void accept_next();
  // Every transaction_expiry_interval_ms on shard 0: transaction timeouts, stalled completions.
  void schedule_transaction_expiry();
  // Runs the coordinator's timeouts every group_timer_interval_ms, on shard 0.
  void schedule_group_timer();

  io::shard_set _shards;
  broker_context _broker;
  std::unique_ptr<groups::group_coordinator> _groups;
  std::unique_ptr<boost::asio::steady_timer> _group_timer;
  std::unique_ptr<group_participants> _group_participants;  // the groups, as txn sees them
  std::unique_ptr<txn::transaction_service> _transactions;
  std::unique_ptr<boost::asio::steady_timer> _expiry_timer;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> _acceptor;
  uint16_t _bound_port = 0;
  uint32_t _next_shard = 0;
  std::atomic<bool> _stopped{false};
};

}  // namespace eventioz::kafka
