// A persistent, pipelining HTTP/1.1 connection for the store benchmarks.
#include "app/bench_http_connection.h"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace eventioz::app {
namespace beast_http = boost::beast::http;

result<std::unique_ptr<bench_http_connection>> bench_http_connection::open(const std::string& url) {
  std::string_view rest = url;
  if (rest.starts_with("http://")) rest.remove_prefix(7);
  if (auto slash = rest.find('/'); slash != std::string_view::npos) rest = rest.substr(0, slash);
  auto colon = rest.rfind(':');
  if (colon == std::string_view::npos) {
    return error(std::make_error_code(std::errc::invalid_argument),
                 fmt::format("--http {}: expected http://HOST:PORT", url));
  }
  std::unique_ptr<bench_http_connection> connection(new bench_http_connection());
  connection->_host = std::string(rest);
  boost::asio::ip::tcp::resolver resolver(connection->_io);
  boost::system::error_code failure;
  auto endpoints = resolver.resolve(std::string(rest.substr(0, colon)),
                                    std::string(rest.substr(colon + 1)), failure);
  if (!failure) connection->_stream.connect(endpoints, failure);
  if (failure) {
    return error(std::make_error_code(std::errc::connection_refused),
                 fmt::format("cannot reach {}: {}", url, failure.message()));
  }
  connection->_stream.socket().set_option(boost::asio::ip::tcp::no_delay(true));
  return connection;
}

status bench_http_connection::send(std::string_view method, std::string_view target,
                                   std::string_view body) {
  beast_http::request<beast_http::string_body> request(
      beast_http::string_to_verb(boost::beast::string_view(method.data(), method.size())),
      std::string(target), 11);
  request.set(beast_http::field::host, _host);
  if (!body.empty()) {
    request.set(beast_http::field::content_type, "application/json");
    request.body() = std::string(body);
  }
  request.prepare_payload();
  boost::system::error_code failure;
  beast_http::write(_stream, request, failure);
  if (failure) return error(failure, "writing a request: " + failure.message());
  return ok_status();
}

result<bench_answer> bench_http_connection::receive() {
  beast_http::response_parser<beast_http::string_body> parser;
  parser.body_limit(1ull << 30);
  boost::system::error_code failure;
  beast_http::read(_stream, _buffer, parser, failure);
  if (failure) return error(failure, "reading an answer: " + failure.message());
  return bench_answer{parser.get().result_int(), std::move(parser.get().body())};
}

result<bench_answer> bench_http_connection::call(std::string_view method, std::string_view target,
                                                 std::string_view body) {
  EVENTIOZ_RETURN_IF_ERROR(send(method, target, body));
  return receive();
}

std::string bench_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool unreserved =
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

}  // namespace eventioz::app
