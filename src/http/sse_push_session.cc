// SSE framing and writes.
#include "http/sse_push_session.h"

#include <boost/asio/write.hpp>
#include <cstring>
#include <nlohmann/json.hpp>

namespace eventioz::http {

sse_push_session::sse_push_session(http_context& context, uint32_t shard, std::string topic,
                                   std::vector<push_source> sources,
                                   std::unique_ptr<push_renderer> renderer, std::string peer,
                                   boost::beast::tcp_stream stream)
    : push_session(context, shard, std::move(topic), std::move(sources), std::move(renderer),
                   std::move(peer)),
      _stream(std::move(stream)) {}

void sse_push_session::open(write_done done) {
  // X-Accel-Buffering: nginx (and proxies that copy it) pass events on at once.
  _pending =
      "HTTP/1.1 200 OK\r\n"
      "Server: eventioz\r\n"
      "Content-Type: text/event-stream; charset=utf-8\r\n"
      "Cache-Control: no-cache\r\n"
      "X-Accel-Buffering: no\r\n"
      "\r\n"
      // The client's reconnection delay.
      "retry: 1000\n\n";
  write(
      [self = shared_from_this(), this, done = std::move(done)](boost::system::error_code failure) {
        if (!failure) watch_for_hang_up();
        done(failure);
      });
}

void sse_push_session::watch_for_hang_up() {
  _stream.socket().async_read_some(
      boost::asio::buffer(_incoming),
      [self = shared_from_this(), this](boost::system::error_code failure, size_t) {
        if (failure) return finish();
        watch_for_hang_up();
      });
}

void sse_push_session::append_event(int32_t partition, const model::record& record) {
  _pending += "id: ";
  renderer().append_event_id(_pending, cursor());
  _pending += "\nevent: ";
  _pending += renderer().sse_event_name();
  _pending += "\ndata: ";
  size_t json_start = _pending.size();
  renderer().append_json(_pending, partition, record);
  // A line break ends an SSE data line. In the rendered JSON, raw CR and LF can only be
  // whitespace between tokens (strings escape them): a space means the same.
  for (char line_break : {'\n', '\r'}) {
    char* next = _pending.data() + json_start;
    char* end = _pending.data() + _pending.size();
    while ((next = static_cast<char*>(std::memchr(next, line_break, end - next))) != nullptr) {
      *next = ' ';
    }
  }
  _pending += "\n\n";
}

void sse_push_session::write_pending(write_done done) { write(std::move(done)); }

void sse_push_session::write_keep_alive(write_done done) {
  _pending = ": keep-alive\n\n";
  write(std::move(done));
}

void sse_push_session::write(write_done done) {
  // Swapped, so the next chunk renders into the other buffer's capacity.
  std::swap(_writing, _pending);
  _pending.clear();
  boost::asio::async_write(_stream.socket(), boost::asio::buffer(_writing),
                           [self = shared_from_this(), done = std::move(done)](
                               boost::system::error_code failure, size_t) { done(failure); });
}

void sse_push_session::close_with_reason(uint16_t, std::string reason) {
  if (writing()) return close_socket();  // nothing can follow a write in flight cleanly
  _pending = "event: error\ndata: ";
  _pending += nlohmann::json{{"reason", reason}}.dump();
  _pending += "\n\n";
  write([self = shared_from_this()](boost::system::error_code) {
    static_cast<sse_push_session*>(self.get())->close_socket();
  });
}

void sse_push_session::release_idle_buffers() {
  _pending = std::string();
  _writing = std::string();
}

void sse_push_session::close_socket() {
  if (_socket_closed) return;
  _socket_closed = true;
  boost::system::error_code ignored;
  _stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  _stream.close();
}

}  // namespace eventioz::http
