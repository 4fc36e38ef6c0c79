// Reading, routing and answering requests on one connection.
#include "http/http_connection.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "base/logging.h"

namespace eventioz::http {
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
namespace {

std::string_view as_string_view(boost::beast::string_view text) {
  return {text.data(), text.size()};
}

// 405 with Allow when the path exists with other methods, 404 otherwise.
http_response unmatched_response(std::string_view method, const std::string& path,
                                 const route_match& match) {
  if (match.allowed.empty()) {
    return not_found("no-such-route",
                     fmt::format("there is no route {} {}; the API is described at /openapi.json",
                                 method, path));
  }
  std::string allow;
  for (verb allowed : match.allowed) {
    if (!allow.empty()) allow += ", ";
    allow += std::string(beast_http::to_string(allowed));
  }
  http_response response =
      problem(405, "method-not-allowed", "Method not allowed",
              fmt::format("{} is not supported on {}; use {}", method, path, allow));
  response.headers.emplace_back("Allow", allow);
  return response;
}

}  // namespace

http_connection::http_connection(boost::asio::ip::tcp::socket socket, uint32_t shard,
                                 std::shared_ptr<http_context> context)
    : _stream(std::move(socket)),
      _shard(shard),
      _context_owner(std::move(context)),
      _context(*_context_owner),
      _routes(_context.routes) {
  http_connections_gauge().increment();
}

http_connection::~http_connection() {
  if (_registered) _context.sessions.remove(_shard, this);
  http_connections_gauge().decrement();
  release_body_memory();
}

void http_connection::release_body_memory() {
  if (_reserved_body_bytes == 0) return;
  _context.request_memory.release(_reserved_body_bytes);
  http_request_memory_gauge().decrement(static_cast<int64_t>(_reserved_body_bytes));
  _reserved_body_bytes = 0;
}

void http_connection::start() {
  _context.sessions.add(_shard, this);
  _registered = true;
  read_header();
}

void http_connection::close_for_shutdown() {
  // Idle, or still reading a request (a slow upload would hold the drain up): close now.
  // Handling one: its answer is written with Connection: close.
  if (!_answering) close();
}

void http_connection::close() {
  if (_closed) return;
  _closed = true;
  boost::system::error_code ignored;
  _stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  _stream.close();
}

void http_connection::read_header() {
  if (_closed || _context.draining) return close();
  _request = http_request{.shard = _shard};  // nothing of the previous request is reused
  _parser.emplace();
  _parser->body_limit(_context.config.max_body_bytes);
  _parser->header_limit(_context.config.max_header_bytes);
  _stream.expires_after(std::chrono::milliseconds(_context.config.idle_timeout_ms));
  beast_http::async_read_header(_stream, _buffer, *_parser,
                                [self = shared_from_this()](boost::system::error_code failure,
                                                            size_t) { self->on_header(failure); });
}

void http_connection::on_header(boost::system::error_code failure) {
  if (failure) return fail_to_read(failure);
  _serving = true;
  _request_started = std::chrono::steady_clock::now();
  const auto& header = _parser->get();
  // Known before the body: error answers (413, 100-continue refusals) and logs use them.
  // method_string, not method(): Beast throws for a verb it does not know (verb::unknown).
  _request.message.method_string(header.method_string());
  _request.message.target(header.target());
  // The body's memory is reserved before it is read: its Content-Length, or the most a chunked
  // body may grow to.
  uint64_t body_bytes = header.has_content_length() || header.chunked()
                            ? _parser->content_length().value_or(_context.config.max_body_bytes)
                            : 0;
  if (body_bytes > 0) {
    if (!_context.request_memory.try_reserve(body_bytes)) {
      http_response busy = problem(
          503, "server-busy", "The server is busy",
          fmt::format("HTTP request bodies already hold {} of the {} bytes allowed "
                      "(http.request_memory_bytes); retry in a moment, or send smaller bodies",
                      _context.request_memory.used_bytes(),
                      _context.request_memory.capacity_bytes()));
      busy.headers.emplace_back("Retry-After", "1");
      return write_response(std::move(busy), true);
    }
    _reserved_body_bytes = body_bytes;
    http_request_memory_gauge().increment(static_cast<int64_t>(body_bytes));
  }
  if (beast::iequals(header[beast_http::field::expect], "100-continue")) {
    // A client that waits for 100 before sending the body learns at once when the request
    // cannot succeed (no such route), and the body is never sent.
    std::string path;
    std::map<std::string, std::string> query;
    auto target = std::string_view(header.target().data(), header.target().size());
    if (parse_target(target, path, query)) {
      route_match match = _routes.match(header.method(), path);
      if (!match.found) {
        _route_template = "(unmatched)";
        return write_response(
            unmatched_response(as_string_view(header.method_string()), path, match), true);
      }
    }
    // The limits passed (the parser checked Content-Length against body_limit): ask for the body.
    auto continue_response = std::make_shared<beast_http::response<beast_http::empty_body>>(
        beast_http::status::continue_, header.version());
    beast_http::async_write(
        _stream, *continue_response,
        [self = shared_from_this(), continue_response](boost::system::error_code failure, size_t) {
          if (failure) return self->close();
          self->read_body();
        });
    return;
  }
  read_body();
}

void http_connection::read_body() {
  beast_http::async_read(_stream, _buffer, *_parser,
                         [self = shared_from_this()](boost::system::error_code failure, size_t) {
                           self->on_request(failure);
                         });
}

void http_connection::fail_to_read(boost::system::error_code failure) {
  if (failure == beast_http::error::end_of_stream || failure == boost::asio::error::eof ||
      failure == beast::error::timeout || failure == boost::asio::error::operation_aborted ||
      failure == boost::asio::error::connection_reset || _closed) {
    return close();
  }
  if (!_serving) _request_started = std::chrono::steady_clock::now();
  _serving = true;
  if (failure == beast_http::error::body_limit) {
    return write_response(
        problem(413, "body-too-large", "The request body is too large",
                fmt::format("request bodies are limited to {} bytes (http.max_body_bytes); send "
                            "fewer records per request, or raise the limit",
                            _context.config.max_body_bytes)),
        true);
  }
  if (failure == beast_http::error::header_limit) {
    return write_response(
        problem(431, "headers-too-large", "The request headers are too large",
                fmt::format("request headers are limited to {} bytes; send fewer or shorter "
                            "headers",
                            _context.config.max_header_bytes)),
        true);
  }
  write_response(bad_request(fmt::format("the request is not valid HTTP/1.1 ({}); check the "
                                         "request line, the headers and the body framing",
                                         failure.message())),
                 true);
}

void http_connection::on_request(boost::system::error_code failure) {
  if (failure) return fail_to_read(failure);
  _request = http_request{.message = _parser->release(), .shard = _shard};
  _parser.reset();
  auto parsed = parse_target(
      std::string_view(_request.message.target().data(), _request.message.target().size()),
      _request.path, _request.query);
  if (!parsed) return write_response(bad_request(parsed.error_value().message()), false);
  dispatch();
}

void http_connection::dispatch() {
  route_match match = _routes.match(_request.message.method(), _request.path);
  if (!match.found) {
    _route_template = "(unmatched)";
    return write_response(
        unmatched_response(as_string_view(_request.message.method_string()), _request.path, match),
        false);
  }
  _route_template = match.found->path_template;
  if (auto refusal = unknown_query_parameter(*match.found, _request)) {
    return write_response(std::move(*refusal), false);
  }
  _request.path_params = std::move(match.path_params);
  if (match.found->stream_opener) {
    // The stream route owns the socket from now on; this connection ends here.
    _stream.expires_never();
    _context.sessions.remove(_shard, this);
    _registered = false;
    _closed = true;
    match.found->stream_opener(stream_start{.request = std::move(_request),
                                            .stream = std::move(_stream),
                                            .buffer = std::move(_buffer),
                                            .started = _request_started});
    return;
  }
  auto self = shared_from_this();
  _answering = true;
  match.found->handler(_request, [self](http_response response) {
    self->_context.shards.run_on(self->_shard, [self, response = std::move(response)]() mutable {
      self->write_response(std::move(response), false);
    });
  });
}

void http_connection::write_response(http_response response, bool close_after) {
  if (_closed) return;
  bool keep_alive = !close_after && !_context.draining && _request.message.keep_alive();
  auto message = std::make_shared<beast_http::response<beast_http::string_body>>(
      static_cast<beast_http::status>(response.status), 11);
  message->set(beast_http::field::server, "eventioz");
  if (!response.content_type.empty()) {
    message->set(beast_http::field::content_type, response.content_type);
  }
  for (auto& [name, value] : response.headers) message->set(name, value);
  message->body() = std::move(response.body);
  message->keep_alive(keep_alive);
  message->prepare_payload();
  if (_request.message.method() == beast_http::verb::head) message->body().clear();
  record_answer(response.status, message->body().size());
  _stream.expires_after(std::chrono::milliseconds(_context.config.idle_timeout_ms));
  beast_http::async_write(
      _stream, *message,
      [self = shared_from_this(), message, keep_alive](boost::system::error_code failure, size_t) {
        self->_serving = false;
        self->_answering = false;
        self->release_body_memory();
        if (failure || !keep_alive) return self->close();
        self->read_header();
      });
}

void http_connection::record_answer(unsigned status, size_t body_bytes) {
  auto elapsed = std::chrono::steady_clock::now() - _request_started;
  // A request refused before it was routed (too large, not HTTP) may not even have a method.
  std::string_view route =
      _route_template.empty() ? std::string_view("(unrouted)") : std::string_view(_route_template);
  std::string_view method(_request.message.method_string().data(),
                          _request.message.method_string().size());
  if (_route_template.empty()) {
    method = "(unknown)";
  } else if (_request.message.method() == beast_http::verb::unknown) {
    method = "(other)";  // methods come from clients: only known ones are label values
  }
  _metrics.record(route, method, status, elapsed);
  if (_context.config.log_requests) {
    std::string_view target(_request.message.target().data(), _request.message.target().size());
    if (_route_template.empty()) target = "";
    log_event(spdlog::level::info, "http request",
              {{"method", method},
               {"path", target},
               {"route", route},
               {"status", int64_t{status}},
               {"duration_ms", std::chrono::duration<double, std::milli>(elapsed).count()},
               {"bytes", static_cast<int64_t>(body_bytes)}});
  }
  _route_template.clear();  // the next request on this connection starts unrouted
}

}  // namespace eventioz::http
