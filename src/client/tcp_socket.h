// A TCP connection whose every operation is bounded by a deadline, over plain POSIX sockets.
// The client is synchronous, so a blocking call that may never return (a silent broker, a
// dropped network) must always be cut short: the socket is non-blocking and every wait goes
// through poll(2) with the time that remains.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "client/broker_address.h"

namespace eventioz::client {

using client_clock = std::chrono::steady_clock;
using deadline = client_clock::time_point;

// Owns one file descriptor; movable, not copyable; one thread at a time.
class tcp_socket {
 public:
  // Resolves the host and tries each of its addresses until one accepts within the timeout.
  // Fails with errc::connection_failed ("cannot connect to HOST:PORT: <reason>") or
  // errc::timed_out.
  static result<tcp_socket> connect(const broker_address& address,
                                    std::chrono::milliseconds timeout);

  tcp_socket() = default;
  tcp_socket(tcp_socket&& other) noexcept;
  tcp_socket& operator=(tcp_socket&& other) noexcept;
  tcp_socket(const tcp_socket&) = delete;
  tcp_socket& operator=(const tcp_socket&) = delete;
  ~tcp_socket();

  bool is_open() const { return _fd >= 0; }
  const broker_address& peer() const { return _peer; }

  // Writes every byte, or fails with connection_failed / timed_out. After a failure the
  // stream's framing is unknown, so the caller must close the socket.
  status write_all(byte_span bytes, deadline until);

  // Reads exactly into.size() bytes, or fails (connection_failed when the peer closed).
  status read_exact(mutable_byte_span into, deadline until);

  // Whether bytes (or end of stream) can be read now or before `until`, without reading them.
  bool wait_readable(deadline until);

  void close();

 private:
  tcp_socket(int fd, broker_address peer) : _fd(fd), _peer(std::move(peer)) {}

  // poll(2) for `events` until the deadline; false on timeout.
  result<bool> wait_for(short events, deadline until);

  int _fd = -1;
  broker_address _peer;
};

}  // namespace eventioz::client
