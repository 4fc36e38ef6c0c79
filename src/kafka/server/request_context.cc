// Framing answers and handing them to the connection's shard.
#include "kafka/server/request_context.h"

#include <spdlog/spdlog.h>

#include "base/assert.h"
#include "kafka/protocol/api_registry.h"
#include "kafka/protocol/messages.h"
#include "kafka/server/connection.h"

namespace eventioz::kafka {

request_context::request_context(broker_context& broker, std::shared_ptr<connection> owner,
                                 uint64_t sequence, std::shared_ptr<byte_buffer> frame,
                                 byte_span body)
    : broker(broker),
      _owner(std::move(owner)),
      _sequence(sequence),
      _frame(std::move(frame)),
      _body(body) {}

request_context::~request_context() {
  // Every request is answered; a handler that forgot would leave the client waiting forever.
  // (At shutdown, requests still queued when the drain ended are dropped: not a bug.)
  if (!_completed && !broker.draining.load()) {
    spdlog::error("request {} v{} (correlation id {}) ended without an answer", api_key,
                  api_version, correlation_id);
  }
  if (!_completed) close_connection("internal error: a request ended without an answer");
}

mutable_byte_span request_context::writable(byte_span inside) {
  EVENTIOZ_ASSERT(inside.data() >= _frame->data() &&
                      inside.data() + inside.size() <= _frame->data() + _frame->size(),
                  "span outside the request frame");
  return {_frame->data() + (inside.data() - _frame->data()), inside.size()};
}

uint32_t request_context::home_shard() const { return _owner->shard(); }

std::string request_context::client_host() const {
  const std::string& peer = _owner->peer();
  size_t colon = peer.rfind(':');
  return "/" + (colon == std::string::npos ? peer : peer.substr(0, colon));
}

void request_context::write_response_header(protocol::wire_writer& writer) const {
  protocol::response_header header;
  header.correlation_id = correlation_id;
  header.encode(writer, protocol::response_header_version(api_key, api_version));
}

void request_context::complete(std::vector<protocol::output_chunk> body) {
  uint64_t size = 0;
  for (const auto& chunk : body) {
    size += std::holds_alternative<byte_buffer>(chunk)
                ? std::get<byte_buffer>(chunk).size()
                : std::get<protocol::file_slice>(chunk).size_bytes;
  }
  EVENTIOZ_ASSERT(size <= INT32_MAX, "response of {} bytes cannot be framed", size);
  byte_buffer prefix;
  append_big_endian<int32_t>(prefix, static_cast<int32_t>(size));
  body.insert(body.begin(), std::move(prefix));
  connection::answer result{.frame = std::move(body)};
  EVENTIOZ_ASSERT(!_completed, "request {} answered twice", correlation_id);
  _completed = true;
  count_answered();
  broker.shards.run_on(_owner->shard(), [owner = _owner, sequence = _sequence,
                                         result = std::move(result)]() mutable {
    owner->complete(sequence, std::move(result));
  });
}

void request_context::release_frame() {
  _frame.reset();
  _body = {};
  broker.shards.run_on(_owner->shard(), [owner = _owner, sequence = _sequence] {
    owner->release_reservation(sequence);
  });
}

void request_context::count_answered() {
  if (!metrics) return;
  metrics->requests->increment();
  metrics->duration->observe(std::chrono::steady_clock::now() - started);
}

void request_context::respond_nothing() {
  EVENTIOZ_ASSERT(!_completed, "request {} answered twice", correlation_id);
  _completed = true;
  count_answered();
  broker.shards.run_on(_owner->shard(),
                       [owner = _owner, sequence = _sequence] { owner->complete(sequence, {}); });
}

void request_context::close_connection(const std::string& reason) {
  if (_completed) return;
  _completed = true;
  if (metrics) metrics->failures->increment();
  // On the connection's own thread (a body that did not decode): stop reading at once, before
  // the next pipelined request is dispatched.
  if (io::shard_set::current_shard() == _owner->shard()) _owner->stop_reading();
  broker.shards.run_on(_owner->shard(), [owner = _owner, sequence = _sequence, reason] {
    owner->complete(sequence, {.close_after = true, .close_reason = reason});
  });
}

}  // namespace eventioz::kafka
