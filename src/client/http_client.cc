// Beast's synchronous calls take no deadline, so each step is started asynchronously on a
// private io_context and run to completion; the tcp_stream's expiry cancels whatever is still
// pending when the request's time is up.
#include "client/http_client.h"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/version.hpp>
#include <cctype>

#include "client/errc.h"

namespace eventioz::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

error unreachable(const http_url& base, const std::string& reason) {
  return error(errc::connection_failed,
               fmt::format("cannot reach the broker's HTTP API at {}: {}; is `eventioz serve` "
                           "running with --http-listen {}? (point at it with --http URL or "
                           "EVENTIOZ_HTTP_URL)",
                           base.to_string(), reason, base.authority()));
}

error timed_out(const http_url& base, std::string_view step, std::chrono::milliseconds timeout) {
  return error(errc::timed_out,
               fmt::format("no answer from the broker's HTTP API at {} within {} ms (while {})",
                           base.to_string(), timeout.count(), step));
}

// Runs the operation started on `context` to completion; its error lands in `failure`.
void run_to_completion(asio::io_context& context) {
  context.restart();
  context.run();
}

}  // namespace

std::optional<std::string> http_answer::header(std::string_view name) const {
  for (const auto& [header_name, value] : headers) {
    if (equal_ignoring_case(header_name, name)) return value;
  }
  return std::nullopt;
}

result<http_answer> http_client::request(std::string_view method, std::string_view target,
                                         std::string_view body, std::string_view content_type,
                                         std::optional<std::chrono::milliseconds> timeout) {
  bhttp::verb verb = bhttp::string_to_verb(beast::string_view(method.data(), method.size()));
  if (verb == bhttp::verb::unknown) {
    return error(errc::invalid_argument, fmt::format("unknown HTTP method '{}'", method));
  }
  if (target.empty() || target.front() != '/') {
    return error(errc::invalid_argument,
                 fmt::format("HTTP target '{}' must start with '/'", target));
  }
  std::chrono::milliseconds limit = timeout.value_or(_timeout);

  asio::io_context context;
  tcp::resolver resolver(context);
  error_code failure;
  auto endpoints = resolver.resolve(_base.host, std::to_string(_base.port), failure);
  if (failure)
    return unreachable(_base, fmt::format("cannot resolve {}: {}", _base.host, failure.message()));

  beast::tcp_stream stream(context);
  stream.expires_after(limit);  // one deadline for connect, write and read together
  stream.async_connect(endpoints, [&](error_code code, const tcp::endpoint&) { failure = code; });
  run_to_completion(context);
  if (failure == beast::error::timeout) return timed_out(_base, "connecting", limit);
  if (failure) return unreachable(_base, failure.message());

  bhttp::request<bhttp::string_body> message(verb, _base.base_path + std::string(target), 11);
  message.set(bhttp::field::host, _base.authority());
  message.set(bhttp::field::user_agent, "eventioz-cli");
  message.set(bhttp::field::accept, "application/json, application/problem+json");
  message.set(bhttp::field::connection, "close");
  if (!body.empty() || verb == bhttp::verb::post || verb == bhttp::verb::put) {
    if (!content_type.empty()) message.set(bhttp::field::content_type, std::string(content_type));
    message.body() = std::string(body);
  }
  message.prepare_payload();

  bhttp::async_write(stream, message, [&](error_code code, size_t) { failure = code; });
  run_to_completion(context);
  if (failure == beast::error::timeout) return timed_out(_base, "sending the request", limit);
  if (failure) {
    return error(errc::connection_failed,
                 fmt::format("the connection to {} broke while sending the request: {}",
                             _base.to_string(), failure.message()));
  }

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(_max_body_bytes);
  bhttp::async_read(stream, buffer, parser, [&](error_code code, size_t) { failure = code; });
  run_to_completion(context);
  if (failure == beast::error::timeout) return timed_out(_base, "reading the answer", limit);
  if (failure == bhttp::error::body_limit) {
    return error(errc::protocol_violation,
                 fmt::format("the answer from {} is larger than {} bytes; ask for less (e.g. a "
                             "smaller --limit)",
                             _base.to_string(), _max_body_bytes));
  }
  if (failure == bhttp::error::end_of_stream || failure == asio::error::eof ||
      failure == asio::error::connection_reset) {
    return error(errc::connection_failed,
                 fmt::format("the broker's HTTP API at {} closed the connection before it "
                             "answered",
                             _base.to_string()));
  }
  if (failure) {
    return error(errc::protocol_violation, fmt::format("the answer from {} is not valid HTTP: {}",
                                                       _base.to_string(), failure.message()));
  }
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);

  auto& response = parser.get();
  http_answer answer;
  answer.status = response.result_int();
  for (const auto& field : response) {
    answer.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  answer.body = std::move(response.body());
  return answer;
}

}  // namespace eventioz::client
