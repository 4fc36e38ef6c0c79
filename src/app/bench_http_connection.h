// One persistent HTTP/1.1 connection for `eventioz bench store-*`: requests may be pipelined
// (several written before their answers are read), which the broker answers in order. The
// CLI's client::http_client opens a connection per request, which would measure connection
// set-up instead of the store. Not thread-safe: one per benchmark thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <string>
#include <string_view>

#include "base/result.h"

namespace eventioz::app {

struct bench_answer {
  unsigned status = 0;
  std::string body;
};

class bench_http_connection {
 public:
  // `url`: http://host:port
  static result<std::unique_ptr<bench_http_connection>> open(const std::string& url);

  // Writes one request without waiting for its answer.
  status send(std::string_view method, std::string_view target, std::string_view body = {});
  // Reads the answer to the oldest request sent and not answered yet.
  result<bench_answer> receive();
  // send then receive.
  result<bench_answer> call(std::string_view method, std::string_view target,
                            std::string_view body = {});

 private:
  bench_http_connection() : _stream(_io) {}

  boost::asio::io_context _io;
  boost::beast::tcp_stream _stream;
  boost::beast::flat_buffer _buffer;
  std::string _host;
};

// "%XX"-escapes everything but unreserved characters (for path segments).
std::string bench_escape(std::string_view text);

}  // namespace eventioz::app
