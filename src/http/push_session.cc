// Reading subscribed partitions, writing chunks of events, waiting for new records.
#include "http/push_session.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "http/partition_reader.h"
#include "storage/errc.h"

namespace eventioz::http {
namespace {

// Log bytes scanned per round when filters drop everything: then the round yields the shard
// (posts itself again) so a filtered subscription cannot hold the thread for long.
constexpr size_t scan_bytes_per_round_max = 8 << 20;
constexpr size_t records_per_read_max = 8192;

// WebSocket close codes (RFC 6455 §7.4.1).
constexpr uint16_t close_going_away = 1001;
constexpr uint16_t close_internal_error = 1011;
// Private-use range (4000-4999): the subscribed topic was deleted.
constexpr uint16_t close_topic_deleted = 4404;

}  // namespace

push_session::push_session(http_context& context, uint32_t shard, std::string topic,
                           std::vector<push_source> sources,
                           std::unique_ptr<push_renderer> renderer, std::string peer)
    : _context_owner(context.shared_from_this()),
      _context(context),
      _shard(shard),
      _topic(std::move(topic)),
      _sources(std::move(sources)),
      _renderer(std::move(renderer)),
      _peer(std::move(peer)),
      _stall_timer(context.shards.context(shard)),
      _keep_alive_timer(context.shards.context(shard)),
      _budget_timer(context.shards.context(shard)),
      _counted(true) {  // push_routes.cc admitted it (try_open_subscriber)
  for (const push_source& source : _sources) {
    _positions[source.index] = source.next_offset.value();
  }
}

push_session::~push_session() {
  // Normally finish() did this; a session dropped without finishing (shards stopping) too.
  for (push_source& source : _sources) {
    if (source.watch_ticket != 0) source.partition->unwatch(source.watch_ticket);
  }
  if (_counted) _context.push.subscriber_closed();
  release_chunk();
}

void push_session::start() {
  _context.sessions.add(_shard, this);
  _registered = true;
  start_write();
  open([self = shared_from_this()](boost::system::error_code failure) {
    if (auto answered = std::exchange(self->_on_answered, nullptr)) answered(failure);
    self->on_written(failure);
  });
}

void push_session::close_for_shutdown() {
  if (_closed) return;
  spdlog::debug("push: closing a {} subscriber of '{}' ({}) for shutdown", transport_name(), _topic,
                _peer);
  fail(close_going_away, "the broker is shutting down");
}

bool push_session::close_session() {
  if (_closed) return false;
  _closed = true;
  stop_waiting();
  _keep_alive_timer.cancel();
  _budget_timer.cancel();
  // A write still in flight holds its buffer until it completes or the stall timer closes the
  // socket (bounded): its bytes are given back now, the session reads nothing more.
  release_chunk();
  if (_registered) _context.sessions.remove(_shard, this);
  _registered = false;
  if (_counted) _context.push.subscriber_closed();
  _counted = false;
  return true;
}

void push_session::finish() {
  if (close_session()) _stall_timer.cancel();
  close_socket();
}

void push_session::fail(uint16_t websocket_code, std::string reason) {
  if (!close_session()) return;
  // A farewell the subscriber does not read must not hold the socket open: bounded like a
  // write (this also replaces the stall wait of a write in flight).
  _stall_timer.expires_after(std::chrono::milliseconds(_context.config.push_stall_timeout_ms));
  _stall_timer.async_wait([weak = weak_from_this()](boost::system::error_code failure) {
    if (failure) return;
    if (auto self = weak.lock()) self->close_socket();
  });
  close_with_reason(websocket_code, std::move(reason));
}

bool push_session::reserve_chunk() {
  if (_reserved_bytes > 0) return true;
  _reserved_bytes = _context.push.try_reserve_buffer(push_write_bytes, push_chunk_bytes_min,
                                                     _context.config.push_buffer_bytes_max);
  return _reserved_bytes > 0;
}

void push_session::release_chunk() {
  if (_reserved_bytes == 0) return;
  _context.push.release_buffer(_reserved_bytes);
  _reserved_bytes = 0;
}

void push_session::pause_for_budget() {
  _budget_timer.expires_after(std::chrono::milliseconds(push_budget_retry_ms));
  _budget_timer.async_wait([weak = weak_from_this()](boost::system::error_code failure) {
    if (failure) return;
    if (auto self = weak.lock()) self->deliver();
  });
}

void push_session::deliver() {
  if (_closed || _writing) return;
  if (!reserve_chunk()) return pause_for_budget();
  _end_reason.clear();  // found again, if it still holds, when its record is read again
  size_t scanned_bytes = 0;
  bool progressed = true;
  while (progressed && scanned_bytes < scan_bytes_per_round_max && !output_full() &&
         _end_reason.empty()) {
    progressed = false;
    for (size_t i = 0; i < _sources.size() && !output_full() && _end_reason.empty(); ++i) {
      push_source& source = _sources[(_next_source + i) % _sources.size()];
      progressed = read_source(source, scanned_bytes) || progressed;
      if (!_failed_reason.empty()) return fail(_failed_code, _failed_reason);
    }
    _next_source = (_next_source + 1) % _sources.size();
  }
  if (pending_output_bytes() > _reserved_bytes) {
    // The last event rendered went past the reservation: account for what is really held.
    uint64_t over = pending_output_bytes() - _reserved_bytes;
    _context.push.reserve_buffer_anyway(over);
    _reserved_bytes += over;
  }
  // When the renderer ended the subscription, what it rendered before goes out first: the
  // next round reads the ending record again and ends with nothing pending.
  if (pending_output_bytes() > 0) return write_chunk();
  release_chunk();  // nothing rendered: others may use the bytes while this one waits
  if (!_end_reason.empty()) {
    spdlog::info("push: ending a {} subscriber ({}): {}", transport_name(), _peer, _end_reason);
    return fail(_end_code, std::move(_end_reason));
  }
  if (progressed) {
    // Only filtered-out records so far: yield the shard, then go on scanning.
    auto self = shared_from_this();
    _context.shards.run_on(_shard, [self] { self->deliver(); });
    return;
  }
  wait_for_data();
}

bool push_session::read_source(push_source& source, size_t& scanned_bytes) {
  cluster::partition& partition = *source.partition;
  if (source.next_offset >= partition.last_stable_offset()) return false;
  size_t budget = _reserved_bytes - std::min<size_t>(_reserved_bytes, pending_output_bytes());
  auto read = read_partition_records(partition, source.next_offset,
                                     {.max_records = records_per_read_max,
                                      .max_bytes = std::max<size_t>(budget, 64 << 10),
                                      .count_out = false});
  if (!read) {
    offset log_start = partition.log().log_start_offset();
    if (read.error_value().code() == storage::errc::offset_out_of_range &&
        source.next_offset < log_start) {
      // Retention removed records before they were delivered: continue at what is left.
      spdlog::info(
          "push: records {}..{} of {}/{} were removed before a {} subscriber ({}) got "
          "them; continuing at {}",
          source.next_offset.value(), log_start.value() - 1, _topic, source.index, transport_name(),
          _peer, log_start.value());
      source.next_offset = log_start;
      _positions[source.index] = log_start.value();
      return true;
    }
    if (topic_deleted()) {
      _failed_reason = topic_deleted_reason();
      _failed_code = close_topic_deleted;
      spdlog::info("push: ending a {} subscriber ({}): {}", transport_name(), _peer,
                   _failed_reason);
      return false;
    }
    _failed_code = close_internal_error;
    _failed_reason = fmt::format("reading partition {} of '{}' failed: {}", source.index, _topic,
                                 read.error_value().message());
    spdlog::warn("push: closing a {} subscriber ({}): {}", transport_name(), _peer, _failed_reason);
    return false;
  }
  scanned_bytes += read->bytes_read;
  offset next = read->next_offset;
  for (const model::record& record : read->records) {
    if (output_full()) {
      // The chunk's reserved bytes are used: the rest of the batch is read again for the next
      // chunk (the reader skips a batch's records before its start), so a chunk exceeds its
      // reservation by one record at most, not by a whole batch (up to max.message.bytes).
      // deliver() reads only while the output is not full: the first record always fits.
      next = record.record_offset;
      break;
    }
    push_decision decision = _renderer->decide(source.index, record);
    if (decision == push_decision::end) {
      next = record.record_offset;  // not delivered: the cursor stays before it
      _end_code = _renderer->end_code();
      _end_reason = _renderer->end_reason();
      break;
    }
    if (decision == push_decision::skip) continue;
    _positions[source.index] = record.record_offset.value() + 1;
    append_event(source.index, record);
  }
  // Counted in the topic's records/bytes out once: what this chunk took (the bytes in
  // proportion when the rest of the read is left for the next chunk).
  size_t taken = read->records.empty()
                     ? 0
                     : static_cast<size_t>(std::count_if(read->records.begin(), read->records.end(),
                                                         [&](const model::record& record) {
                                                           return record.record_offset < next;
                                                         }));
  size_t taken_bytes = taken == read->records.size()
                           ? read->delivered_batch_bytes
                           : read->delivered_batch_bytes * taken / read->records.size();
  partition.probe().sent(taken, taken_bytes);
  bool moved = next > source.next_offset;
  source.next_offset = next;
  _positions[source.index] = next.value();
  return moved;
}

void push_session::write_chunk() {
  start_write();
  write_pending([self = shared_from_this()](boost::system::error_code failure) {
    self->on_written(failure);
  });
}

void push_session::start_write() {
  _writing = true;
  _stall_timer.expires_after(std::chrono::milliseconds(_context.config.push_stall_timeout_ms));
  _stall_timer.async_wait([weak = weak_from_this()](boost::system::error_code failure) {
    if (failure) return;  // cancelled: the write completed
    if (auto self = weak.lock()) self->on_stalled();
  });
}

void push_session::on_written(boost::system::error_code failure) {
  _writing = false;
  if (_closed) return;  // a farewell is on its way (fail); its own timer bounds it
  _stall_timer.cancel();
  if (failure) return finish();           // the subscriber left (or stalled: already logged)
  if (_waiting) return arm_keep_alive();  // a keep-alive went out while waiting
  // The chunk is written: its buffers are freed and its bytes given back to the budget (the
  // next chunk reserves again, so paused subscribers get their turn).
  release_idle_buffers();
  release_chunk();
  deliver();
}

void push_session::on_stalled() {
  if (!_writing) return;
  spdlog::warn(
      "push: disconnected a {} subscriber of '{}' ({}): it read nothing of what it "
      "was sent for {} ms (http.push_stall_timeout_ms); a subscriber must keep up or "
      "reconnect with its last event id",
      transport_name(), _topic, _peer, _context.config.push_stall_timeout_ms);
  // Mid-write, no farewell can be framed after the stuck bytes: the socket is closed.
  finish();
}

void push_session::wait_for_data() {
  io::shard_set& shards = _context.shards;
  // Each high watermark is read BEFORE its stable end is checked, and the watch is on that
  // value: the high watermark moves on flush threads at any time, and a watch on a value read
  // after the check (say 15, when the check saw 10 and records 10..14 became readable in
  // between) would only fire past 15, leaving 10..14 undelivered until the next produce.
  // Watching what was read before the check, any later move wakes the session at once
  // (watch_high_watermark fires immediately when the mark is already past `seen`).
  //
  // An open transaction holds the stable end (LSO) below the high watermark; then next_offset
  // may be < high watermark, and the watch is on the high watermark. The transaction ends by
  // a COMMIT or ABORT marker appended at the log end (>= the high watermark), and
  // partition::write_transaction_marker updates the LSO before complete_append moves the high
  // watermark past the marker: the marker's move wakes this watch, and the woken session then
  // sees the new LSO. (Records of other producers appended meanwhile also wake it; it finds
  // the LSO unmoved and waits again on the newer high watermark.)
  std::vector<offset> seen(_sources.size());
  for (size_t i = 0; i < _sources.size(); ++i) {
    push_source& source = _sources[i];
    offset high_watermark = source.partition->high_watermark();
    // Records appeared since the round looked: read them rather than wait.
    if (source.next_offset < source.partition->last_stable_offset()) {
      auto self = shared_from_this();
      shards.run_on(_shard, [self] { self->deliver(); });
      return;
    }
    seen[i] = std::max(source.next_offset, high_watermark);
  }
  _waiting = true;
  release_idle_buffers();
  for (size_t i = 0; i < _sources.size(); ++i) {
    push_source& source = _sources[i];
    source.watch_ticket = source.partition->watch_high_watermark(
        seen[i], [weak = weak_from_this(), &shards, shard = _shard] {
          shards.run_on(shard, [weak] {
            if (auto self = weak.lock()) self->on_wake();
          });
        });
  }
  arm_keep_alive();
}

void push_session::stop_waiting() {
  _waiting = false;
  for (push_source& source : _sources) {
    if (source.watch_ticket != 0) source.partition->unwatch(source.watch_ticket);
    source.watch_ticket = 0;
  }
}

void push_session::on_wake() {
  if (!_waiting || _closed) return;
  stop_waiting();
  _keep_alive_timer.cancel();
  if (!_writing) deliver();  // else on_written() delivers
}

bool push_session::topic_deleted() const {
  // Cheap: a lookup in the open-partition table, nothing is opened. A topic deleted and
  // created again under the same name has new partition objects: still "deleted" for this
  // subscription, whose positions mean nothing in the new topic.
  for (const push_source& source : _sources) {
    if (!_context.topics.is_current(*source.partition)) return true;
  }
  return false;
}

std::string push_session::topic_deleted_reason() const {
  return fmt::format("topic '{}' was deleted", _topic);
}

bool push_session::end_if_topic_deleted() {
  if (!topic_deleted()) return false;
  std::string reason = topic_deleted_reason();
  spdlog::info("push: ending a {} subscriber ({}): {}", transport_name(), _peer, reason);
  fail(close_topic_deleted, std::move(reason));
  return true;
}

void push_session::arm_keep_alive() {
  _keep_alive_timer.expires_after(std::chrono::milliseconds(_context.config.push_keep_alive_ms));
  _keep_alive_timer.async_wait([weak = weak_from_this()](boost::system::error_code failure) {
    if (failure) return;
    auto self = weak.lock();
    if (!self || self->_closed || self->_writing || !self->_waiting) return;
    if (self->end_if_topic_deleted()) return;
    self->start_write();
    self->write_keep_alive(
        [self](boost::system::error_code written) { self->on_written(written); });
  });
}

}  // namespace eventioz::http
