// The HTTP client against a canned one-shot server on a loopback port (no broker needed).
#include "client/http_client.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <thread>

#include "client/errc.h"

namespace eventioz::client {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Accepts one connection, reads the request head (and `body_bytes` more), keeps it in
// `received`, and answers `response` verbatim.
class one_shot_server {
 public:
  one_shot_server(std::string response, size_t body_bytes = 0)
      : _acceptor(_context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    _thread = std::thread([this, response = std::move(response), body_bytes] {
      tcp::socket socket(_context);
      _acceptor.accept(socket);
      std::string data;
      size_t head_end = asio::read_until(socket, asio::dynamic_buffer(data), "\r\n\r\n");
      while (data.size() < head_end + body_bytes) {
        char chunk[1024];
        size_t n = socket.read_some(asio::buffer(chunk));
        data.append(chunk, n);
      }
      _received = data;
      asio::write(socket, asio::buffer(response));
    });
  }
  ~one_shot_server() {
    if (_thread.joinable()) _thread.join();
  }

  // What the client sent, once the server has finished.
  std::string received() {
    _thread.join();
    return _received;
  }

  http_url url() const { return {"127.0.0.1", _acceptor.local_endpoint().port(), ""}; }

 private:
  std::string _received;
  asio::io_context _context;
  tcp::acceptor _acceptor;
  std::thread _thread;
};

TEST(http_client, reads_an_error_answer_with_its_headers_and_body) {
  one_shot_server server(
      "HTTP/1.1 409 Conflict\r\nContent-Type: application/problem+json\r\n"
      "Content-Length: 15\r\nConnection: close\r\n\r\n{\"detail\":\"no\"}");
  http_client client(server.url(), std::chrono::milliseconds(5000));
  auto answer = client.request("DELETE", "/v1/stores/b/streams/a%2Fb");
  ASSERT_TRUE(answer.ok()) << answer.error_value().message();
  EXPECT_EQ(answer->status, 409u);
  EXPECT_EQ(answer->header("content-type"), "application/problem+json");
  EXPECT_EQ(answer->header("X-Missing"), std::nullopt);
  EXPECT_EQ(answer->body, "{\"detail\":\"no\"}");
}

TEST(http_client, the_request_carries_method_target_and_body) {
  std::string request_body = R"({"type":"Deposited"})";
  one_shot_server server("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}",
                         request_body.size());
  http_url base = server.url();
  base.base_path = "/api";
  http_client client(base, std::chrono::milliseconds(5000));
  auto answer = client.request("PUT", "/v1/x%20y?limit=5", request_body, "application/json");
  ASSERT_TRUE(answer.ok()) << answer.error_value().message();
  EXPECT_EQ(answer->status, 201u);
  EXPECT_EQ(answer->body, "{}");
  std::string seen = server.received();
  EXPECT_EQ(seen.rfind("PUT /api/v1/x%20y?limit=5 HTTP/1.1\r\n", 0), 0u) << seen;
  EXPECT_NE(seen.find("Content-Type: application/json\r\n"), std::string::npos) << seen;
  EXPECT_NE(seen.find("Content-Length: " + std::to_string(request_body.size())), std::string::npos);
  EXPECT_EQ(seen.substr(seen.size() - request_body.size()), request_body);
}

TEST(http_client, a_closed_port_says_how_to_start_the_server) {
  uint16_t port = 0;
  {
    asio::io_context context;
    tcp::acceptor acceptor(context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = acceptor.local_endpoint().port();
  }  // closed: nothing listens there now
  http_client client(http_url{"127.0.0.1", port, ""}, std::chrono::milliseconds(5000));
  auto refused = client.request("GET", "/v1/stores");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_value(), errc::connection_failed);
  const std::string& message = refused.error_value().message();
  EXPECT_NE(message.find("cannot reach the broker's HTTP API at http://127.0.0.1:"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("--http-listen 127.0.0.1:" + std::to_string(port)), std::string::npos)
      << message;
}

TEST(http_client, a_silent_server_times_out) {
  asio::io_context context;
  tcp::acceptor acceptor(context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  // The kernel completes the handshake (backlog); nobody ever answers.
  http_client client(http_url{"127.0.0.1", acceptor.local_endpoint().port(), ""},
                     std::chrono::milliseconds(200));
  auto silent = client.request("GET", "/v1/stores");
  ASSERT_FALSE(silent.ok());
  EXPECT_EQ(silent.error_value(), errc::timed_out);
}

TEST(http_client, refuses_unknown_methods_and_relative_targets) {
  http_client client(http_url{"127.0.0.1", 1, ""});
  EXPECT_EQ(client.request("FETCH", "/").error_value(), errc::invalid_argument);
  EXPECT_EQ(client.request("GET", "v1").error_value(), errc::invalid_argument);
}

}  // namespace
}  // namespace eventioz::client
