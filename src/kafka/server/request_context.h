// One request as a handler sees it: the decoded header, the body bytes, the broker's services,
// and the way to answer.
//
// Shared by the handler's asynchronous steps (shared_ptr). respond() may be called from any
// thread exactly once (or respond_nothing() for acks=0 produce); the answer is handed to the
// connection's shard, which sends answers in request order. The request frame (and so the
// body and anything decoded from it without copying) lives as long as the context.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "kafka/protocol/wire_writer.h"
#include "kafka/server/broker_context.h"
#include "kafka/server/kafka_probe.h"

namespace eventioz::kafka {

class connection;

class request_context {
 public:
  request_context(broker_context& broker, std::shared_ptr<connection> owner, uint64_t sequence,
                  std::shared_ptr<byte_buffer> frame, byte_span body);
  ~request_context();

  int16_t api_key = 0;
  int16_t api_version = 0;
  int32_t correlation_id = 0;
  std::optional<std::string> client_id;
  // Broker-wide numbers, both increasing: the order requests were read off their sockets, and
  // the connection's (in accept order). The transaction coordinator's guard compares them.
  uint64_t arrival = 0;
  uint64_t connection_id = 0;
  // When the request was read, and its API's metrics (null: not counted), for
  // eventioz_kafka_request_duration_seconds: observed when the answer is handed over.
  std::chrono::steady_clock::time_point started;
  const api_metrics* metrics = nullptr;

  broker_context& broker;
  byte_span body() const { return _body; }
  // The same bytes, writable: a produced batch is rewritten in place (base offset) before it
  // is appended. REQUIRES: `inside` lies within this request's frame.
  mutable_byte_span writable(byte_span inside);
  // The shard of the connection, where handlers start.
  uint32_t home_shard() const;
  // The client's address without the port (DescribeGroups shows it as a member's host).
  std::string client_host() const;

  // Encodes the response header (v0 or v1 as the API and version require) and `response`.
  template <class Response>
  void respond(const Response& response) {
    protocol::wire_writer writer;
    write_response_header(writer);
    response.encode(writer, api_version);
    complete(writer.take_chunks());
  }
  void respond_nothing();
  // Drops the request frame and gives its memory back to the shard's budget, for handlers
  // that keep running long after decoding into owned values (a long-polling fetch). The body
  // and anything borrowed from it must not be used afterwards.
  void release_frame();
  // For requests the protocol gives no way to refuse: the connection is closed (after the
  // answers to earlier requests).
  void close_connection(const std::string& reason);

 private:
  void write_response_header(protocol::wire_writer& writer) const;
  void count_answered();
  void complete(std::vector<protocol::output_chunk> body);

  std::shared_ptr<connection> _owner;
  uint64_t _sequence;
  std::shared_ptr<byte_buffer> _frame;
  byte_span _body;
  bool _completed = false;
};

using request_context_ptr = std::shared_ptr<request_context>;

}  // namespace eventioz::kafka
