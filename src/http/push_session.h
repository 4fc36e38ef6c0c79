// One push subscription (GET /v1/topics/{topic}/events, the event store's subscriptions): reads
// the subscribed partitions from their start positions, renders each kept record as an event
// and writes it, then waits for the high watermarks to move and goes on — until the subscriber
// leaves, stalls, the renderer ends it, or the broker shuts down. The transport (SSE,
// WebSocket) is a subclass: it frames events and writes them. What is kept and how it renders
// is the push_renderer's (push_renderer.h).
//
// Flow control is pull-based: the next chunk is read from the log only after the previous
// write completed, and one chunk holds about push_write_bytes of rendered events (at least one
// record; the rest of a batch that does not fit is read again for the next chunk). So a slow reader
// pauses its subscription with at most one chunk in memory; one that reads nothing for
// http.push_stall_timeout_ms is disconnected, and the reason is logged.
//
// Memory: all subscribers together hold at most about http.push_buffer_bytes_max of rendered
// events (each may exceed its share by one record). Before reading a chunk a session reserves
// its bytes from that budget (context.push, shared by the shards): push_write_bytes, or what is
// left when less (at least push_chunk_bytes_min, so chunks shrink under pressure and many
// subscribers go on rather than a few). The buffers are freed and the bytes given back once
// the chunk is written. A session that finds the budget spent pauses, retrying every
// push_budget_retry_ms, instead of reading more: stalled subscribers cannot make the broker
// hold subscribers_max x chunk bytes.
//
// Order: records of one partition in offset order; partitions are read round-robin, one read
// each per round, so a busy partition cannot starve the others.
//
// Lifecycle: created on the connection's shard by push_routes.cc after every check passed,
// then start(). Owned by shared_ptrs in its own pending handlers; registered in
// context.sessions (shutdown closes it) and counted in context.push until it finishes. Runs
// only on its shard's thread; high-watermark wake-ups are posted there.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cluster/partition.h"
#include "http/http_context.h"
#include "http/push_cursor.h"
#include "http/push_query.h"
#include "http/push_renderer.h"
#include "http/session_registry.h"

namespace eventioz::http {

// Rendered events held per subscriber before they are written (a chunk may exceed it by one
// event).
constexpr size_t push_write_bytes = 1 << 20;
// The smallest chunk a session reads when the buffer budget is nearly spent.
constexpr size_t push_chunk_bytes_min = 64 << 10;
// How often a session paused by a spent buffer budget tries again.
constexpr int64_t push_budget_retry_ms = 10;

// One subscribed partition and where its delivery stands.
struct push_source {
  int32_t index = 0;
  std::shared_ptr<cluster::partition> partition;
  offset next_offset;         // the next record to consider
  uint64_t watch_ticket = 0;  // while waiting for its high watermark
};

class push_session : public closable_session, public std::enable_shared_from_this<push_session> {
 public:
  using write_done = std::function<void(boost::system::error_code)>;

  push_session(http_context& context, uint32_t shard, std::string topic,
               std::vector<push_source> sources, std::unique_ptr<push_renderer> renderer,
               std::string peer);
  ~push_session() override;

  // Called once when the request's answer (SSE header, WebSocket handshake) was written or
  // failed to be: push_routes.cc counts the request then. Set before start().
  void set_on_answered(std::function<void(boost::system::error_code)> answered) {
    _on_answered = std::move(answered);
  }
  // Registers the session, answers the request (the transport's open) and starts delivering.
  void start();
  void close_for_shutdown() override;

 protected:
  // --- What a transport provides ---
  // Answers the request (SSE: the 200 header; WebSocket: the handshake); `done` once written.
  virtual void open(write_done done) = 0;
  // Appends one event for `record` to the pending output, rendered by renderer() (`cursor()` is
  // its resume position).
  virtual void append_event(int32_t partition, const model::record& record) = 0;
  virtual size_t pending_output_bytes() const = 0;
  // Writes the pending output, then clears it; `done` on completion (on this shard).
  virtual void write_pending(write_done done) = 0;
  virtual void write_keep_alive(write_done done) = 0;
  // Closes for `reason` (already logged): tells the subscriber when the transport can
  // (SSE error event, WebSocket close frame), then closes the socket. writing(): a write is
  // still in flight. The socket is closed anyway after the stall timeout.
  virtual void close_with_reason(uint16_t websocket_code, std::string reason) = 0;
  // Closes the socket at once (the subscriber left, or stopped reading).
  virtual void close_socket() = 0;
  virtual const char* transport_name() const = 0;
  // Nothing is in flight and the session waits for records: drop buffer capacity, so idle
  // subscribers cost little memory however big their last chunk was.
  virtual void release_idle_buffers() = 0;

  // Called by the transport: the subscriber is gone (its socket failed or it closed).
  // Idempotent; closes the socket.
  void finish();
  bool writing() const { return _writing; }

  const push_positions& cursor() const { return _positions; }
  push_renderer& renderer() { return *_renderer; }
  const std::string& topic() const { return _topic; }
  http_context& context() { return _context; }
  uint32_t shard() const { return _shard; }
  bool closed() const { return _closed; }

 private:
  // Unregisters, uncounts and stops waiting; false when already closed.
  bool close_session();
  bool output_full() const { return pending_output_bytes() >= _reserved_bytes; }
  // Reserves the next chunk's bytes from the global buffer budget; false: it is spent.
  bool reserve_chunk();
  void release_chunk();
  void pause_for_budget();
  void deliver();
  // Reads one chunk of `source` into the pending output; false when nothing was there.
  // Sets _failed_reason on an error that ends the subscription, _end_reason when the renderer
  // ends it (after what was rendered before is written).
  bool read_source(push_source& source, size_t& scanned_bytes);
  void write_chunk();
  void start_write();
  void on_written(boost::system::error_code failure);
  void wait_for_data();
  void stop_waiting();
  void on_wake();
  void arm_keep_alive();
  // Whether a subscribed partition is no longer the one served under its name (its topic was
  // deleted, maybe created again): the log is closed and will never grow.
  bool topic_deleted() const;
  std::string topic_deleted_reason() const;
  // Ends the subscription (SSE error event, WebSocket close 4404) when topic_deleted().
  bool end_if_topic_deleted();
  void on_stalled();
  void fail(uint16_t websocket_code, std::string reason);

  std::shared_ptr<http_context> _context_owner;  // keeps _context alive (http_context.h)
  http_context& _context;
  uint32_t _shard;
  std::string _topic;
  std::vector<push_source> _sources;
  push_positions _positions;  // the cursor: next offset of every source
  std::unique_ptr<push_renderer> _renderer;
  std::string _peer;
  size_t _next_source = 0;  // round-robin start of the next read

  boost::asio::steady_timer _stall_timer;
  boost::asio::steady_timer _keep_alive_timer;
  boost::asio::steady_timer _budget_timer;
  uint64_t _reserved_bytes = 0;  // of context.push's buffer budget
  bool _registered = false;
  bool _counted = false;
  bool _writing = false;
  bool _waiting = false;
  bool _closed = false;
  std::string _failed_reason;
  uint16_t _failed_code = 0;  // the WebSocket close code for _failed_reason
  std::string _end_reason;    // the renderer ended the subscription at a record
  uint16_t _end_code = 0;
  std::function<void(boost::system::error_code)> _on_answered;
};

}  // namespace eventioz::http
