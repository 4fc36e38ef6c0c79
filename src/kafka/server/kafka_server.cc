// Accepting connections round-robin onto the shards, and draining them at shutdown.
#include "kafka/server/kafka_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <thread>

#include "kafka/server/connection.h"
#include "kafka/server/kafka_probe.h"

namespace eventioz::kafka {
namespace asio = boost::asio;

kafka_server::kafka_server(cluster::topic_manager& topics, server_config config)
    : _shards(topics.options().shard_count), _broker(topics, _shards, std::move(config)) {
  // The listener's metric families show (at zero) from the first scrape on.
  metrics_of_api(0);
  kafka_connections_gauge();
}

kafka_server::~kafka_server() {
  shutdown();
  // Asio objects go before the loops they belong to.
  _acceptor.reset();
  _expiry_timer.reset();
  _group_timer.reset();
  // While _broker is alive: queued requests may still refer to it as they are destroyed.
  _shards.discard_pending_work();
}

status kafka_server::start() {
  const server_config& config = _broker.config;
  boost::system::error_code failure;
  // A host name ("localhost") is resolved once, here; the first address is used.
  asio::ip::tcp::resolver resolver(_shards.context(0));
  auto resolved = resolver.resolve(config.listen_host, std::to_string(config.listen_port),
                                   asio::ip::resolver_base::passive, failure);
  if (failure || resolved.empty()) {
    return error(std::make_error_code(std::errc::invalid_argument),
                 fmt::format("cannot listen on '{}': {}; use an address or a resolvable name, "
                             "e.g. --kafka-listen 127.0.0.1:9092 or 0.0.0.0:9092",
                             config.listen_host, failure ? failure.message() : "no address"));
  }
  asio::ip::address address = resolved.begin()->endpoint().address();
  asio::ip::tcp::endpoint endpoint(address, config.listen_port);
  // The acceptor lives on shard 0; accepted sockets are bound to the shard that will own them.
  _acceptor = std::make_unique<asio::ip::tcp::acceptor>(_shards.context(0));
  _acceptor->open(endpoint.protocol(), failure);
  if (!failure) _acceptor->set_option(asio::socket_base::reuse_address(true), failure);
  if (!failure) _acceptor->bind(endpoint, failure);
  if (!failure) _acceptor->listen(asio::socket_base::max_listen_connections, failure);
  if (failure) {
    return error(std::make_error_code(failure.value() == EADDRINUSE ? std::errc::address_in_use
                                                                    : std::errc::io_error),
                 fmt::format("cannot listen for Kafka clients on {}:{}: {}; if the port is taken, "
                             "is another broker running? choose another address with "
                             "--kafka-listen HOST:PORT",
                             config.listen_host, config.listen_port, failure.message()));
  }
  _bound_port = _acceptor->local_endpoint().port();
  auto coordinator = groups::group_coordinator::open(_broker.topics, config.groups);
  if (!coordinator) {
    _acceptor.reset();
    return coordinator.error_value().with_context("starting the group coordinator");
  }
  _groups = std::move(*coordinator);
  _broker.groups = _groups.get();
  if (!_transactions) {
    _group_participants = std::make_unique<group_participants>(*_groups);
    auto opened = txn::transaction_service::open(
        _broker.topics, _group_participants.get(),
        {.state_partition_count = config.transaction_state_partition_count,
         .coordinator = {.transaction_max_timeout_ms = config.transaction_max_timeout_ms}});
    if (!opened) {
      _acceptor.reset();
      return opened.error_value().with_context("opening the transaction coordinator");
    }
    _transactions = std::move(*opened);
    _broker.transactions = &_transactions->coordinator();
  }
  _group_timer = std::make_unique<asio::steady_timer>(_shards.context(0));
  _shards.start();
  asio::post(_shards.context(0), [this] {
    accept_next();
    schedule_group_timer();
  });
  _expiry_timer = std::make_unique<asio::steady_timer>(_shards.context(0));
  asio::post(_shards.context(0), [this] { schedule_transaction_expiry(); });
  return ok_status();
}

void kafka_server::schedule_transaction_expiry() {
  _expiry_timer->expires_after(
      std::chrono::milliseconds(_broker.config.transaction_expiry_interval_ms));
  _expiry_timer->async_wait([this](boost::system::error_code failure) {
    if (failure) return;
    _broker.transactions->expire();
    schedule_transaction_expiry();
  });
}

void kafka_server::accept_next() {
  uint32_t shard = _next_shard++ % _shards.size();
  _acceptor->async_accept(_shards.context(shard), [this, shard](boost::system::error_code failure,
                                                                asio::ip::tcp::socket socket) {
    if (failure == asio::error::operation_aborted || !_acceptor->is_open()) return;
    if (failure) {
      // Out of descriptors, typically: log, and keep accepting after a pause rather than
      // spinning on the same error.
      spdlog::warn("accepting a Kafka connection failed: {}", failure.message());
      auto pause =
          std::make_shared<asio::steady_timer>(_shards.context(0), std::chrono::milliseconds(100));
      pause->async_wait([this, pause](boost::system::error_code) { accept_next(); });
      return;
    }
    _shards.run_on(shard, [this, shard, socket = std::move(socket)]() mutable {
      std::make_shared<connection>(std::move(socket), shard, _broker)->start();
    });
    accept_next();
  });
}

void kafka_server::schedule_group_timer() {
  if (_stopped) return;
  _group_timer->expires_after(std::chrono::milliseconds(_broker.config.group_timer_interval_ms));
  _group_timer->async_wait([this](boost::system::error_code failure) {
    if (failure || _stopped) return;
    _groups->expire(_broker.config.groups.time->now_ms());
    schedule_group_timer();
  });
}

void kafka_server::shutdown() {
  if (_stopped || !_acceptor) return;
  _stopped = true;
  // Set first: connections accepted from now on close at once, fetches stop waiting.
  _broker.draining = true;
  // Joins and syncs waiting for other members would hold the drain up: answer them now.
  if (_groups) _groups->shutdown();
  asio::post(_shards.context(0), [this] {
    if (_group_timer) _group_timer->cancel();
  });
  asio::post(_shards.context(0), [this] {
    boost::system::error_code ignored;
    _acceptor->close(ignored);
    if (_expiry_timer) _expiry_timer->cancel();
  });
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(_broker.config.shutdown_drain_ms);
  while (_broker.requests_in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (_broker.requests_in_flight.load() > 0) {
    spdlog::warn("shutting down with {} requests unanswered after {} ms",
                 _broker.requests_in_flight.load(), _broker.config.shutdown_drain_ms);
  }
  // Completions run on flush threads and use the coordinators and the partitions: they must be
  // over before the caller closes the topics and destroys this server. Transactions first
  // (their completion writes group outcomes), then the groups' own appends.
  auto bound = std::chrono::milliseconds(_broker.config.shutdown_drain_ms);
  if (_transactions) {
    if (size_t busy = _transactions->coordinator().shutdown(bound); busy > 0) {
      spdlog::warn(
          "shutting down with {} transactions still completing; they are finished "
          "after the restart",
          busy);
    }
  }
  if (_groups) {
    if (size_t writing = _groups->wait_for_writes(bound); writing > 0) {
      spdlog::warn("shutting down with {} consumer-group writes unfinished", writing);
    }
  }
  _shards.stop();
}

}  // namespace eventioz::kafka
