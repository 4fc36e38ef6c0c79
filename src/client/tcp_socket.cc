#include "client/tcp_socket.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "client/errc.h"

namespace eventioz::client {
namespace {

int milliseconds_until(deadline until) {
  auto remaining = std::chrono::ceil<std::chrono::milliseconds>(until - client_clock::now());
  return static_cast<int>(std::clamp<int64_t>(remaining.count(), 0, 1 << 30));
}

std::string system_message(int code) { return std::strerror(code); }

// Starts a non-blocking connect to one resolved address and waits for it. Returns the fd, or
// the errno that made it fail (ETIMEDOUT when the deadline passed).
std::pair<int, int> connect_one(const addrinfo& candidate, deadline until) {
  int fd = ::socket(candidate.ai_family, candidate.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    candidate.ai_protocol);
  if (fd < 0) return {-1, errno};
  auto fail = [fd](int code) {
    ::close(fd);
    return std::pair<int, int>{-1, code};
  };
  if (::connect(fd, candidate.ai_addr, candidate.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) return fail(errno);
    pollfd waiting{fd, POLLOUT, 0};
    int ready = 0;
    do {
      ready = ::poll(&waiting, 1, milliseconds_until(until));
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) return fail(errno);
    if (ready == 0) return fail(ETIMEDOUT);
    int socket_error = 0;
    socklen_t length = sizeof(socket_error);
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &socket_error, &length) != 0) return fail(errno);
    if (socket_error != 0) return fail(socket_error);
  }
  // Requests are small and latency matters more than packet count (a produce with acks waits
  // for its answer), so Nagle's algorithm only adds delay.
  int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  return {fd, 0};
}

}  // namespace

result<tcp_socket> tcp_socket::connect(const broker_address& address,
                                       std::chrono::milliseconds timeout) {
  deadline until = client_clock::now() + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* resolved = nullptr;
  std::string port = std::to_string(address.port);
  int lookup = ::getaddrinfo(address.host.c_str(), port.c_str(), &hints, &resolved);
  if (lookup != 0) {
    return error(errc::connection_failed,
                 fmt::format("cannot connect to {}: cannot resolve host '{}': {}",
                             address.to_string(), address.host, ::gai_strerror(lookup)));
  }
  int last_error = ECONNREFUSED;
  for (addrinfo* candidate = resolved; candidate != nullptr; candidate = candidate->ai_next) {
    auto [fd, failure] = connect_one(*candidate, until);
    if (fd >= 0) {
      ::freeaddrinfo(resolved);
      return tcp_socket(fd, address);
    }
    last_error = failure;
    if (failure == ETIMEDOUT) break;
  }
  ::freeaddrinfo(resolved);
  if (last_error == ETIMEDOUT) {
    return error(errc::timed_out, fmt::format("cannot connect to {}: no answer within {} ms",
                                              address.to_string(), timeout.count()));
  }
  return error(errc::connection_failed, fmt::format("cannot connect to {}: {}", address.to_string(),
                                                    system_message(last_error)));
}

tcp_socket::tcp_socket(tcp_socket&& other) noexcept
    : _fd(std::exchange(other._fd, -1)), _peer(std::move(other._peer)) {}

tcp_socket& tcp_socket::operator=(tcp_socket&& other) noexcept {
  if (this != &other) {
    close();
    _fd = std::exchange(other._fd, -1);
    _peer = std::move(other._peer);
  }
  return *this;
}

tcp_socket::~tcp_socket() { close(); }

void tcp_socket::close() {
  if (_fd >= 0) ::close(_fd);
  _fd = -1;
}

result<bool> tcp_socket::wait_for(short events, deadline until) {
  pollfd waiting{_fd, events, 0};
  while (true) {
    int ready = ::poll(&waiting, 1, milliseconds_until(until));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) {
      return error(errc::connection_failed, fmt::format("waiting on the connection to {}: {}",
                                                        _peer.to_string(), system_message(errno)));
    }
  }
}

status tcp_socket::write_all(byte_span bytes, deadline until) {
  EVENTIOZ_ASSERT(is_open(), "write on a closed socket");
  while (!bytes.empty()) {
    ssize_t written = ::send(_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (written > 0) {
      bytes = bytes.subspan(static_cast<size_t>(written));
      continue;
    }
    if (written < 0 && errno == EINTR) continue;
    if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      EVENTIOZ_TRY(bool ready, wait_for(POLLOUT, until));
      if (!ready) {
        return error(errc::timed_out,
                     fmt::format("sending to {}: the broker did not read the request in time",
                                 _peer.to_string()));
      }
      continue;
    }
    return error(errc::connection_failed,
                 fmt::format("sending to {}: {}", _peer.to_string(), system_message(errno)));
  }
  return ok_status();
}

status tcp_socket::read_exact(mutable_byte_span into, deadline until) {
  EVENTIOZ_ASSERT(is_open(), "read on a closed socket");
  while (!into.empty()) {
    ssize_t received = ::recv(_fd, into.data(), into.size(), 0);
    if (received > 0) {
      into = into.subspan(static_cast<size_t>(received));
      continue;
    }
    if (received == 0) {
      return error(errc::connection_failed,
                   fmt::format("the broker at {} closed the connection (it may have refused the "
                               "request; its log says why)",
                               _peer.to_string()));
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      EVENTIOZ_TRY(bool ready, wait_for(POLLIN, until));
      if (!ready) {
        return error(errc::timed_out,
                     fmt::format("waiting for an answer from {}: none in time", _peer.to_string()));
      }
      continue;
    }
    return error(errc::connection_failed,
                 fmt::format("receiving from {}: {}", _peer.to_string(), system_message(errno)));
  }
  return ok_status();
}

bool tcp_socket::wait_readable(deadline until) {
  auto ready = wait_for(POLLIN, until);
  return !ready.ok() || *ready;  // an error is "readable": the next read reports it
}

}  // namespace eventioz::client
