// Reading frames, keeping answers in order, and writing them (sendfile for file slices).
#include "kafka/server/connection.h"

#include <spdlog/spdlog.h>
#include <sys/sendfile.h>

#include <atomic>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <cstring>

#include "base/assert.h"
#include "kafka/server/kafka_probe.h"
#include "kafka/server/request_router.h"

namespace eventioz::kafka {
namespace asio = boost::asio;

namespace {

// api_key, api_version and correlation_id: the least a request header has.
constexpr uint32_t frame_size_min = 8;

uint64_t next_connection_id() {
  static std::atomic<uint64_t> last{0};
  return ++last;
}

}  // namespace

connection::connection(asio::ip::tcp::socket socket, uint32_t shard, broker_context& broker)
    : _socket(std::move(socket)), _shard(shard), _id(next_connection_id()), _broker(broker) {
  boost::system::error_code ignored;
  auto endpoint = _socket.remote_endpoint(ignored);
  _peer = ignored ? "unknown peer"
                  : endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  _socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  kafka_connections_gauge().increment();
}

connection::~connection() { kafka_connections_gauge().decrement(); }

void connection::start() {
  if (_broker.draining.load()) return close("the broker is shutting down");
  read_size();
}

void connection::maybe_read_next() {
  if (_reading || _closed || _stop_reading || _broker.draining.load()) return;
  if (_pending.size() >= _broker.config.max_in_flight_requests_per_connection) return;
  read_size();
}

void connection::read_size() {
  _reading = true;
  asio::async_read(_socket, asio::buffer(_size_prefix),
                   [self = shared_from_this()](boost::system::error_code failure, size_t) {
                     if (failure) {
                       self->close(failure == asio::error::eof ? "" : failure.message());
                       return;
                     }
                     int32_t size = read_big_endian<int32_t>(self->_size_prefix.data());
                     if (size < static_cast<int32_t>(frame_size_min) ||
                         static_cast<uint64_t>(size) > self->_broker.config.max_request_bytes) {
                       self->close(fmt::format(
                           "request of {} bytes refused: the limit is max.request.bytes = {}", size,
                           self->_broker.config.max_request_bytes));
                       return;
                     }
                     self->read_body(static_cast<uint32_t>(size));
                   });
}

void connection::read_body(uint32_t size_bytes) {
  memory_budget& budget = *_broker.request_memory[_shard];
  budget.reserve(size_bytes, [self = shared_from_this(), size_bytes, &budget] {
    asio::post(self->_socket.get_executor(), [self, size_bytes, &budget] {
      if (self->_closed) {
        budget.release(size_bytes);
        return;
      }
      auto frame = std::make_shared<byte_buffer>(size_bytes);
      asio::async_read(
          self->_socket, asio::buffer(*frame),
          [self, frame, size_bytes, &budget](boost::system::error_code failure, size_t) {
            self->_reading = false;
            if (failure) {
              budget.release(size_bytes);
              self->close(failure.message());
              return;
            }
            self->dispatch(frame, size_bytes);
            self->maybe_read_next();
          });
    });
  });
}

void connection::dispatch(std::shared_ptr<byte_buffer> frame, uint32_t reserved_bytes) {
  uint64_t sequence = _next_sequence++;
  _pending.emplace(sequence, pending{.reserved_bytes = reserved_bytes});
  _broker.requests_in_flight.fetch_add(1);
  route_request(_broker, shared_from_this(), sequence, std::move(frame));
}

void connection::complete(uint64_t sequence, answer result) {
  auto found = _pending.find(sequence);
  EVENTIOZ_ASSERT(found != _pending.end(), "answer for unknown request {}", sequence);
  EVENTIOZ_ASSERT(!found->second.ready, "two answers for request {}", sequence);
  found->second.ready = std::move(result);
  write_ready_answers();
}

void connection::release_reservation(uint64_t sequence) {
  auto found = _pending.find(sequence);
  if (found == _pending.end() || found->second.reserved_bytes == 0) return;
  _broker.request_memory[_shard]->release(found->second.reserved_bytes);
  found->second.reserved_bytes = 0;
}

void connection::write_ready_answers() {
  while (!_writing && !_pending.empty() && _pending.begin()->second.ready) {
    auto head = _pending.begin();
    _writing_answer = std::move(*head->second.ready);
    _writing_reserved_bytes = head->second.reserved_bytes;
    _pending.erase(head);
    if (_closed || _writing_answer.frame.empty()) {
      finish_answer();
      continue;
    }
    _writing = true;
    write_chunks(0);
  }
}

void connection::write_chunks(size_t index) {
  auto& chunks = _writing_answer.frame;
  if (index == chunks.size()) {
    _writing = false;
    finish_answer();
    write_ready_answers();
    return;
  }
  if (std::holds_alternative<protocol::file_slice>(chunks[index])) {
    send_file_slice(index, 0);
    return;
  }
  // Consecutive in-memory chunks go out in one gathered write.
  std::vector<asio::const_buffer> buffers;
  size_t end = index;
  while (end < chunks.size() && std::holds_alternative<byte_buffer>(chunks[end])) {
    buffers.push_back(asio::buffer(std::get<byte_buffer>(chunks[end])));
    ++end;
  }
  asio::async_write(_socket, buffers,
                    [self = shared_from_this(), end](boost::system::error_code failure, size_t) {
                      if (failure) {
                        self->fail_write(failure.message());
                        return;
                      }
                      self->write_chunks(end);
                    });
}

void connection::send_file_slice(size_t index, uint64_t sent_bytes) {
  const auto& slice = std::get<protocol::file_slice>(_writing_answer.frame[index]);
  _socket.native_non_blocking(true);
  while (sent_bytes < slice.size_bytes) {
    off_t position = static_cast<off_t>(slice.position + sent_bytes);
    ssize_t sent =
        ::sendfile(_socket.native_handle(), slice.fd, &position, slice.size_bytes - sent_bytes);
    if (sent > 0) {
      sent_bytes += static_cast<uint64_t>(sent);
      continue;
    }
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      _socket.async_wait(
          asio::ip::tcp::socket::wait_write,
          [self = shared_from_this(), index, sent_bytes](boost::system::error_code failure) {
            if (failure) {
              self->fail_write(failure.message());
              return;
            }
            self->send_file_slice(index, sent_bytes);
          });
      return;
    }
    // sent == 0: the file is shorter than the slice (it was truncated); the frame can no
    // longer be completed, so the connection must go.
    fail_write(sent == 0 ? "segment file shrank while being sent" : std::strerror(errno));
    return;
  }
  write_chunks(index + 1);
}

void connection::finish_answer() {
  _broker.request_memory[_shard]->release(_writing_reserved_bytes);
  _broker.requests_in_flight.fetch_sub(1);
  _writing_reserved_bytes = 0;
  bool close_after = _writing_answer.close_after;
  std::string reason = std::move(_writing_answer.close_reason);
  _writing_answer = {};
  if (close_after) close(reason);
  maybe_read_next();
}

void connection::fail_write(const std::string& reason) {
  _writing = false;
  close(reason);
  finish_answer();
  write_ready_answers();  // answers queued behind the failed one are dropped, memory released
}

void connection::close(const std::string& reason) {
  if (_closed) return;
  _closed = true;
  if (!reason.empty()) spdlog::info("closing connection from {}: {}", _peer, reason);
  boost::system::error_code ignored;
  _socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  _socket.close(ignored);
}

}  // namespace eventioz::kafka
