// One TCP connection to one broker, speaking Kafka's framing: each request is an int32 size,
// a request header (v1, or v2 for flexible versions) and the body; each answer is a size, a
// response header (v0, or v1 for flexible versions; ApiVersions always v0) and the body.
// Opening a connection runs the ApiVersions handshake, and every request afterwards goes in
// the highest version both sides support.
//
// Synchronous and single-threaded: one owner uses it at a time. Requests may be pipelined
// (send several with send_only, then receive the answers in the same order); the broker
// answers in request order, which the correlation ids check. After any failure to send, read
// or decode, the stream's framing is lost: the connection closes itself and every later call
// fails, so the owner opens a new one.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "base/byte_reader.h"
#include "base/result.h"
#include "client/api_traits.h"
#include "client/api_versions.h"
#include "client/connection_options.h"
#include "client/errc.h"
#include "client/tcp_socket.h"
#include "kafka/protocol/wire_writer.h"

namespace eventioz::client {

// A decoded answer and the frame it was decoded from: a `records` field borrows its bytes
// from the frame instead of copying them, so the two travel together.
template <class Response>
struct kafka_response {
  Response message;
  int16_t version = 0;
  std::shared_ptr<const byte_buffer> frame;

  Response* operator->() { return &message; }
  const Response* operator->() const { return &message; }
};

class broker_connection {
 public:
  // Connects and runs the ApiVersions handshake.
  static result<std::unique_ptr<broker_connection>> open(const broker_address& address,
                                                         const connection_options& options);

  const broker_address& address() const { return _socket.peer(); }
  const api_versions& versions() const { return _versions; }
  bool is_open() const { return _socket.is_open(); }
  // Requests sent whose answers have not been received yet.
  size_t in_flight() const { return _waiting.size(); }

  // The version this connection uses for Request, or errc::unsupported_version.
  template <class Request>
  result<int16_t> version_of() const {
    return _versions.require(Request::api_key, api_traits<Request>::name,
                             {Request::min_version, Request::max_version});
  }

  // Sends `request` and waits for its answer (request timeout plus `extra_wait`, for requests
  // the broker may hold, like a Fetch's max_wait). REQUIRES: nothing in flight.
  template <class Request>
  result<kafka_response<response_of<Request>>> send(
      const Request& request, std::chrono::milliseconds extra_wait = std::chrono::milliseconds(0)) {
    EVENTIOZ_ASSERT(_waiting.empty(), "send() with {} requests in flight", _waiting.size());
    EVENTIOZ_TRY(int16_t version, version_of<Request>());
    EVENTIOZ_RETURN_IF_ERROR(send_only(request, version, true));
    return receive<response_of<Request>>(extra_wait);
  }

  // Writes `request` in `version` without waiting. With `expects_answer` false (a Produce
  // with acks=0) the broker sends nothing back and nothing is queued.
  template <class Request>
  status send_only(const Request& request, int16_t version, bool expects_answer = true) {
    kafka::protocol::wire_writer writer;
    writer.write_int32(0);  // the size, patched once known
    int32_t correlation_id = write_request_header(writer, Request::api_key, version);
    request.encode(writer, version);
    return send_frame(writer.take_bytes(), {correlation_id, Request::api_key, version},
                      expects_answer);
  }

  // Reads and decodes the answer to the oldest request in flight.
  // REQUIRES: that request's response type is Response.
  template <class Response>
  result<kafka_response<Response>> receive(
      std::chrono::milliseconds extra_wait = std::chrono::milliseconds(0)) {
    EVENTIOZ_TRY(raw_answer answer, receive_frame(extra_wait));
    EVENTIOZ_ASSERT(answer.api_key == Response::api_key, "answer to api {} decoded as api {}",
                    answer.api_key, Response::api_key);
    auto response = decode_as<Response>(answer, answer.version);
    if (!response) return broken(std::move(response).error_value());
    return response;
  }

  // Whether an answer has started to arrive (or the connection broke) by `until`.
  bool answer_ready(deadline until) { return _socket.wait_readable(until); }

 private:
  struct request_id {
    int32_t correlation_id = 0;
    int16_t api_key = 0;
    int16_t version = 0;
  };
  struct raw_answer {
    std::shared_ptr<const byte_buffer> frame;
    size_t body_at = 0;  // where the body starts in the frame, after the response header
    int16_t api_key = 0;
    int16_t version = 0;
  };

  broker_connection(tcp_socket socket, const connection_options& options)
      : _socket(std::move(socket)), _options(options) {}

  status handshake();
  int32_t write_request_header(kafka::protocol::wire_writer& writer, int16_t api_key,
                               int16_t version);
  status send_frame(byte_buffer frame, request_id id, bool expects_answer);
  result<raw_answer> receive_frame(std::chrono::milliseconds extra_wait);
  // Closes the connection and returns `failure`: after it the byte stream cannot be trusted.
  error broken(error failure);
  error undecodable(const raw_answer& answer, const error& failure) const;

  // Decodes the body; on failure the caller decides whether the connection is lost.
  template <class Response>
  result<kafka_response<Response>> decode_as(const raw_answer& answer, int16_t version) {
    kafka_response<Response> response;
    response.version = version;
    response.frame = answer.frame;
    byte_reader reader(byte_span(*answer.frame).subspan(answer.body_at));
    auto decoded = response.message.decode(reader, version);
    if (!decoded) return undecodable(answer, decoded.error_value());
    return response;
  }

  tcp_socket _socket;
  connection_options _options;
  api_versions _versions;
  int32_t _next_correlation_id = 1;
  std::deque<request_id> _waiting;
};

}  // namespace eventioz::client
