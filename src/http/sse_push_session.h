// Push delivery over Server-Sent Events (the WHATWG HTML "server-sent events" format): a
// 200 text/event-stream answer whose body is a stream of events until the connection closes.
//
//   id: 0:43,1:17          the resume cursor after this event (push_cursor.h), or what the
//                          renderer gives instead (a stream subscription: the version)
//   event: record          the renderer's event name ("record" for topics)
//   data: {"topic":...}    the renderer's JSON (record_json.h for topics) on one line
//
//   : keep-alive           a comment, every http.push_keep_alive_ms while idle
//
//   event: error           the last event when the broker ends the subscription (a read
//   data: {"reason":...}   failure, the topic deleted, shutdown, the renderer's end), when the
//                          socket can still take it
//
// The body has no length and no chunked framing: it ends when the connection closes. The
// client is expected to send nothing more; when it closes its side, the subscription ends.
// Runs on its shard like every push_session.
#pragma once

#include <array>
#include <boost/beast/core/tcp_stream.hpp>

#include "http/push_session.h"

namespace eventioz::http {

class sse_push_session final : public push_session {
 public:
  sse_push_session(http_context& context, uint32_t shard, std::string topic,
                   std::vector<push_source> sources, std::unique_ptr<push_renderer> renderer,
                   std::string peer, boost::beast::tcp_stream stream);

 private:
  void open(write_done done) override;
  void append_event(int32_t partition, const model::record& record) override;
  size_t pending_output_bytes() const override { return _pending.size(); }
  void write_pending(write_done done) override;
  void write_keep_alive(write_done done) override;
  void close_with_reason(uint16_t websocket_code, std::string reason) override;
  void close_socket() override;
  void release_idle_buffers() override;
  const char* transport_name() const override { return "SSE"; }

  void write(write_done done);
  // Reads (and drops) what the client sends: its end of the connection closing is how a
  // subscriber that leaves is noticed while idle. The pending read keeps the session alive.
  void watch_for_hang_up();

  boost::beast::tcp_stream _stream;
  std::string _pending;  // events rendered, not yet written
  std::string _writing;  // what the write in flight holds
  std::array<char, 512> _incoming{};
  bool _socket_closed = false;
};

}  // namespace eventioz::http
