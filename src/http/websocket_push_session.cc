// WebSocket handshake, messages, pings and close frames.
#include "http/websocket_push_session.h"

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace eventioz::http {
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {

constexpr size_t incoming_message_bytes_max = 64 << 10;
constexpr size_t close_reason_bytes_max = 123;  // a close frame's payload is at most 125 bytes

}  // namespace

websocket_push_session::websocket_push_session(http_context& context, uint32_t shard,
                                               std::string topic, std::vector<push_source> sources,
                                               std::unique_ptr<push_renderer> renderer,
                                               std::string peer, beast::tcp_stream stream,
                                               request_message upgrade)
    : push_session(context, shard, std::move(topic), std::move(sources), std::move(renderer),
                   std::move(peer)),
      _socket(std::move(stream)),
      _upgrade(std::move(upgrade)) {}

void websocket_push_session::open(write_done done) {
  beast::get_lowest_layer(_socket).expires_never();
  // Timeouts are the session's own (stall, keep-alive); the handshake is bounded by the stall
  // timer that covers it.
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = websocket::stream_base::none();
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  _socket.set_option(timeouts);
  _socket.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(beast::http::field::server, "eventioz");
  }));
  _socket.read_message_max(incoming_message_bytes_max);
  _socket.auto_fragment(false);
  _socket.text(true);
  _socket.async_accept(_upgrade, [self = shared_from_this(), this,
                                  done = std::move(done)](boost::system::error_code failure) {
    _upgrade = {};
    if (!failure) read_next();
    done(failure);
  });
}

void websocket_push_session::read_next() {
  _socket.async_read(_incoming,
                     [self = shared_from_this(), this](boost::system::error_code failure, size_t) {
                       // Beast answers pings and a close frame while reading; what the client sends
                       // is dropped.
                       _incoming.consume(_incoming.size());
                       if (failure) return finish();
                       read_next();
                     });
}

void websocket_push_session::append_event(int32_t partition, const model::record& record) {
  renderer().append_json(_pending, partition, record);
  _pending_ends.push_back(_pending.size());
}

void websocket_push_session::write_pending(write_done done) {
  std::swap(_writing, _pending);
  std::swap(_writing_ends, _pending_ends);
  _pending.clear();
  _pending_ends.clear();
  write_message(0, std::move(done));
}

void websocket_push_session::write_message(size_t index, write_done done) {
  if (index == _writing_ends.size()) return done({});
  size_t begin = index == 0 ? 0 : _writing_ends[index - 1];
  _socket.async_write(boost::asio::buffer(_writing.data() + begin, _writing_ends[index] - begin),
                      [self = shared_from_this(), this, index, done = std::move(done)](
                          boost::system::error_code failure, size_t) mutable {
                        if (failure) return done(failure);
                        write_message(index + 1, std::move(done));
                      });
}

void websocket_push_session::write_keep_alive(write_done done) {
  _socket.async_ping({}, [self = shared_from_this(), done = std::move(done)](
                             boost::system::error_code failure) { done(failure); });
}

void websocket_push_session::close_with_reason(uint16_t websocket_code, std::string reason) {
  if (reason.size() > close_reason_bytes_max) reason.resize(close_reason_bytes_max);
  // Waits for a message in flight (Beast allows one close beside one write); the stall timer
  // closes the socket if it never completes.
  websocket::close_reason frame(static_cast<websocket::close_code>(websocket_code));
  frame.reason = reason;
  _socket.async_close(
      frame, [self = shared_from_this(), this](boost::system::error_code) { close_socket(); });
}

void websocket_push_session::release_idle_buffers() {
  _pending = std::string();
  _writing = std::string();
  _pending_ends = std::vector<size_t>();
  _writing_ends = std::vector<size_t>();
}

void websocket_push_session::close_socket() {
  if (_socket_closed) return;
  _socket_closed = true;
  boost::system::error_code ignored;
  beast::get_lowest_layer(_socket).socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both,
                                                     ignored);
  beast::get_lowest_layer(_socket).close();
}

}  // namespace eventioz::http
