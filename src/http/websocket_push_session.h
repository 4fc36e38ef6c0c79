// Push delivery over WebSocket (RFC 6455): after the handshake, one text message per record
// delivered (its JSON, push_renderer.h: a record, or a store's event). The subscriber need not send
// anything; its pings are answered and its messages read and dropped (at most 64 KiB each). While
// idle the broker pings every http.push_keep_alive_ms. The broker ends a subscription with a close
// frame: 1001 going away (shutdown), 4404 (the topic was deleted), 1011 (a read failure) or the
// renderer's code (4410: a subscribed stream was deleted), with the reason as text.
// Runs on its shard like every push_session.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "http/http_request.h"
#include "http/push_session.h"

namespace eventioz::http {

class websocket_push_session final : public push_session {
 public:
  websocket_push_session(http_context& context, uint32_t shard, std::string topic,
                         std::vector<push_source> sources, std::unique_ptr<push_renderer> renderer,
                         std::string peer, boost::beast::tcp_stream stream,
                         request_message upgrade);

 private:
  void open(write_done done) override;
  void append_event(int32_t partition, const model::record& record) override;
  size_t pending_output_bytes() const override { return _pending.size(); }
  void write_pending(write_done done) override;
  void write_keep_alive(write_done done) override;
  void close_with_reason(uint16_t websocket_code, std::string reason) override;
  void close_socket() override;
  void release_idle_buffers() override;
  const char* transport_name() const override { return "WebSocket"; }

  void read_next();
  void write_message(size_t index, write_done done);

  boost::beast::websocket::stream<boost::beast::tcp_stream> _socket;
  request_message _upgrade;
  boost::beast::flat_buffer _incoming;
  std::string _pending;               // messages rendered, back to back
  std::vector<size_t> _pending_ends;  // where each message of _pending ends
  std::string _writing;
  std::vector<size_t> _writing_ends;
  bool _socket_closed = false;
};

}  // namespace eventioz::http
