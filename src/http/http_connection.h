// One HTTP/1.1 connection: reads requests one at a time, routes each, writes the answer, and
// keeps the connection for the next one (keep-alive) unless told otherwise.
//
// Limits are checked before anything is allocated for them: headers over max_header_bytes get
// 431, a body over max_body_bytes gets 413 as soon as its Content-Length is read (a chunked
// body, as soon as it grows past the limit), and the connection is closed because the rest
// of the body was never read. `Expect: 100-continue` is answered after those checks pass.
//
// Lifecycle: created on its shard's thread, kept alive by the handlers it has pending
// (shared_from_this); a stream route takes the socket over, and the connection ends. Every
// method runs on the shard's thread; a route's `respond` may be called from any thread and
// posts back to it.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "http/http_context.h"
#include "http/http_probe.h"
#include "http/router.h"

namespace eventioz::http {

class http_connection : public std::enable_shared_from_this<http_connection>,
                        public closable_session {
 public:
  http_connection(boost::asio::ip::tcp::socket socket, uint32_t shard,
                  std::shared_ptr<http_context> context);
  ~http_connection() override;

  void start();
  void close_for_shutdown() override;

 private:
  void read_header();
  void on_header(boost::system::error_code failure);
  void read_body();
  void on_request(boost::system::error_code failure);
  void dispatch();
  // Writes `response` to the current request; `close` ends the connection after it.
  void write_response(http_response response, bool close);
  void fail_to_read(boost::system::error_code failure);
  // Counts the answer in the metrics and, with http.log_requests, logs it.
  void record_answer(unsigned status, size_t body_bytes);
  void close();
  // Gives back the memory reserved for the current request's body.
  void release_body_memory();

  boost::beast::tcp_stream _stream;
  boost::beast::flat_buffer _buffer;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> _parser;
  http_request _request;
  std::string _route_template;  // of the request being served, for logs and metrics
  request_recorder _metrics;
  std::chrono::steady_clock::time_point _request_started;
  uint32_t _shard;
  std::shared_ptr<http_context> _context_owner;  // keeps _context alive (http_context.h)
  http_context& _context;
  const router& _routes;
  bool _serving = false;    // between reading a request and writing its answer
  bool _answering = false;  // from calling the route's handler until its answer is written
  bool _closed = false;
  bool _registered = false;
  uint64_t _reserved_body_bytes = 0;  // from _context.request_memory
};

}  // namespace eventioz::http
