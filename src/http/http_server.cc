// Accepting HTTP connections round-robin onto the shards, and closing them at shutdown.
#include "http/http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/steady_timer.hpp>
#include <optional>
#include <thread>

#include "http/http_connection.h"
#include "http/routes.h"

namespace eventioz::http {
namespace asio = boost::asio;

http_server::http_server(cluster::topic_manager& topics, io::shard_set& shards,
                         groups::group_coordinator& groups, http_config config)
    : _context(std::make_shared<http_context>(topics, shards, groups, std::move(config))) {
  add_all_routes(_context->routes, *_context);
}

http_server::~http_server() { shutdown(); }

status http_server::start() {
  const http_config& config = _context->config;
  boost::system::error_code failure;
  asio::ip::tcp::resolver resolver(_context->shards.context(0));
  auto resolved = resolver.resolve(config.listen_host, std::to_string(config.listen_port),
                                   asio::ip::resolver_base::passive, failure);
  if (failure || resolved.empty()) {
    return error(std::make_error_code(std::errc::invalid_argument),
                 fmt::format("cannot listen for HTTP on '{}': {}; use an address or a resolvable "
                             "name, e.g. --http-listen 127.0.0.1:8080",
                             config.listen_host, failure ? failure.message() : "no address"));
  }
  asio::ip::tcp::endpoint endpoint(resolved.begin()->endpoint().address(), config.listen_port);
  _acceptor = std::make_unique<asio::ip::tcp::acceptor>(_context->shards.context(0));
  _acceptor->open(endpoint.protocol(), failure);
  if (!failure) _acceptor->set_option(asio::socket_base::reuse_address(true), failure);
  if (!failure) _acceptor->bind(endpoint, failure);
  if (!failure) _acceptor->listen(asio::socket_base::max_listen_connections, failure);
  if (failure) {
    _acceptor.reset();
    return error(std::make_error_code(failure.value() == EADDRINUSE ? std::errc::address_in_use
                                                                    : std::errc::io_error),
                 fmt::format("cannot listen for HTTP on {}:{}: {}; if the port is taken, choose "
                             "another with --http-listen HOST:PORT",
                             config.listen_host, config.listen_port, failure.message()));
  }
  _bound_port = _acceptor->local_endpoint().port();
  _context->ready.http_listening = true;
  asio::post(_context->shards.context(0), [this] { accept_next(); });
  return ok_status();
}

void http_server::accept_next() {
  uint32_t shard = _next_shard++ % _context->shards.size();
  _acceptor->async_accept(
      _context->shards.context(shard),
      [this, shard](boost::system::error_code failure, asio::ip::tcp::socket socket) {
        if (failure == asio::error::operation_aborted || !_acceptor->is_open()) return;
        if (failure) {
          spdlog::warn("accepting an HTTP connection failed: {}", failure.message());
          auto pause = std::make_shared<asio::steady_timer>(_context->shards.context(0),
                                                            std::chrono::milliseconds(100));
          pause->async_wait([this, pause](boost::system::error_code) { accept_next(); });
          return;
        }
        socket.set_option(asio::ip::tcp::no_delay(true), failure);
        _context->shards.run_on(shard, [this, shard, socket = std::move(socket)]() mutable {
          std::make_shared<http_connection>(std::move(socket), shard, _context)->start();
        });
        accept_next();
      });
}

namespace {

// How many sessions are still open over every shard, asked on each shard's own thread;
// nullopt when the shards did not all answer before `deadline`.
std::optional<size_t> count_open_sessions(const std::shared_ptr<http_context>& context,
                                          std::chrono::steady_clock::time_point deadline) {
  struct tally {
    std::atomic<size_t> sessions{0};
    std::atomic<uint32_t> shards_answered{0};
  };
  auto counted = std::make_shared<tally>();  // shared: a late answer must find it alive
  for (uint32_t shard = 0; shard < context->shards.size(); ++shard) {
    context->shards.run_on(shard, [context, shard, counted] {
      counted->sessions += context->sessions.count(shard);
      ++counted->shards_answered;
    });
  }
  while (counted->shards_answered < context->shards.size()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return counted->sessions.load();
}

}  // namespace

void http_server::shutdown() {
  if (_stopped || !_acceptor) return;
  _stopped = true;
  _context->draining = true;
  _context->ready.http_listening = false;
  // The acceptor and each session are closed on their own shard's thread. The acceptor is
  // this object's: wait until it is closed (shard 0 answers quickly) before going on.
  auto acceptor_closed = std::make_shared<std::atomic<bool>>(false);
  asio::post(_context->shards.context(0), [this, acceptor_closed] {
    boost::system::error_code ignored;
    _acceptor->close(ignored);
    *acceptor_closed = true;
  });
  for (uint32_t shard = 0; shard < _context->shards.size(); ++shard) {
    _context->shards.run_on(shard,
                            [context = _context, shard] { context->sessions.close_all(shard); });
  }
  auto acceptor_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!*acceptor_closed && std::chrono::steady_clock::now() < acceptor_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  // Shard 0 never ran the close (stuck): the acceptor is left to the process's exit rather
  // than destroyed under a thread that may still use it.
  if (!*acceptor_closed) static_cast<void>(_acceptor.release());
  // Requests being served finish writing their answers; bounded.
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(_context->config.shutdown_drain_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    auto open = count_open_sessions(_context, deadline);
    if (!open || *open == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace eventioz::http
