// Refusing, answering a HEAD, admitting and starting push subscriptions.
#include "http/push_opening.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "http/http_probe.h"
#include "http/sse_push_session.h"
#include "http/websocket_push_session.h"

namespace eventioz::http {
namespace {
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

// Writes `response` on a socket no http_connection owns any more, then closes it.
void answer_and_close(beast::tcp_stream stream, const request_message& request,
                      http_response response) {
  auto message = std::make_shared<beast_http::response<beast_http::string_body>>(
      static_cast<beast_http::status>(response.status), request.version());
  message->set(beast_http::field::server, "eventioz");
  message->set(beast_http::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) message->set(name, value);
  message->body() = std::move(response.body);
  message->keep_alive(false);
  message->prepare_payload();
  if (request.method() == beast_http::verb::head) message->body().clear();
  auto owned = std::make_shared<beast::tcp_stream>(std::move(stream));
  owned->expires_after(std::chrono::seconds(10));
  beast_http::async_write(*owned, *message, [owned, message](boost::system::error_code, size_t) {
    boost::system::error_code ignored;
    owned->socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
    owned->close();
  });
}

std::string peer_of(const beast::tcp_stream& stream) {
  boost::system::error_code failure;
  auto endpoint = stream.socket().remote_endpoint(failure);
  if (failure) return "unknown peer";
  return fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
}

}  // namespace

push_opening::push_opening(http_context& context, stream_start start, std::string_view route)
    : _context(context), _start(std::move(start)), _route(route) {}

void push_opening::count_request(unsigned status) const {
  record_http_request(_route, std::string(_start.request.message.method_string()), status,
                      std::chrono::steady_clock::now() - _start.started);
}

void push_opening::refuse(http_response response) {
  count_request(response.status);
  if (_context.config.log_requests) {
    spdlog::info("http GET {} push refused {}", std::string(_start.request.message.target()),
                 response.status);
  }
  answer_and_close(std::move(_start.stream), _start.request.message, std::move(response));
}

void push_opening::open(const std::string& topic, std::vector<push_source> sources,
                        std::unique_ptr<push_renderer> renderer) {
  const http_request& request = _start.request;
  if (request.message.method() == beast_http::verb::head) {
    // The head a GET would get, without the stream.
    http_response head{.content_type = "text/event-stream; charset=utf-8"};
    head.headers.emplace_back("Cache-Control", "no-cache");
    count_request(head.status);
    return answer_and_close(std::move(_start.stream), request.message, std::move(head));
  }
  if (!_context.push.try_open_subscriber(_context.config.push_subscribers_max)) {
    return refuse(problem(503, "too-many-subscribers", "Too many push subscribers",
                          fmt::format("the broker serves at most {} push subscribers "
                                      "(http.push_subscribers_max); try again later",
                                      _context.config.push_subscribers_max)));
  }
  std::string peer = peer_of(_start.stream);
  bool upgrade = beast::websocket::is_upgrade(request.message);
  if (_context.config.log_requests) {
    spdlog::info("http GET {} push {} from {}", std::string(request.message.target()),
                 upgrade ? "WebSocket" : "SSE", peer);
  }
  std::shared_ptr<push_session> session;
  if (upgrade) {
    session = std::make_shared<websocket_push_session>(
        _context, request.shard, topic, std::move(sources), std::move(renderer), peer,
        std::move(_start.stream), std::move(_start.request.message));
  } else {
    session =
        std::make_shared<sse_push_session>(_context, request.shard, topic, std::move(sources),
                                           std::move(renderer), peer, std::move(_start.stream));
  }
  session->set_on_answered([route = _route,
                            method = std::string(_start.request.message.method_string()),
                            started = _start.started, upgrade](boost::system::error_code failure) {
    unsigned status = upgrade ? 101 : 200;
    // Beast answers a malformed upgrade (no Sec-WebSocket-Key, ...) with 400 itself.
    if (upgrade && failure == beast::websocket::condition::handshake_failed) status = 400;
    record_http_request(route, method, status, std::chrono::steady_clock::now() - started);
  });
  session->start();
}

result<std::vector<push_source>> resolve_push_sources(http_context& context,
                                                      const std::string& topic, int32_t first,
                                                      int32_t last, const push_start& start,
                                                      const std::optional<push_positions>& resume,
                                                      std::optional<http_response>& refused) {
  std::vector<push_source> sources;
  for (int32_t index = first; index <= last; ++index) {
    EVENTIOZ_TRY(auto partition, context.topics.get_partition(topic, index));
    offset log_start = partition->log().log_start_offset();
    offset high_watermark = partition->high_watermark();
    offset next = high_watermark;
    std::optional<offset> requested;
    const char* requested_by = "offset";
    auto resumed = resume ? resume->find(index) : push_positions::const_iterator();
    if (resume && resumed != resume->end()) {
      requested = offset(resumed->second);
      requested_by = "resume cursor";
    } else if (start.kind == push_start_kind::earliest) {
      next = log_start;
    } else if (start.kind == push_start_kind::offset) {
      requested = offset(start.value);
    } else if (start.kind == push_start_kind::timestamp) {
      EVENTIOZ_TRY(auto found, partition->log().offset_for_timestamp(start.value));
      if (found) next = *found;
    }
    if (requested) {
      if (*requested > high_watermark) {
        refused = problem(
            416, "offset-out-of-range", "Offset out of range",
            fmt::format("the {} asks for offset {} of partition {} of '{}', past its high "
                        "watermark {} (was the topic deleted and created again?); start at or "
                        "below {}, or subscribe with offset=latest (or no offset) to get only new "
                        "records",
                        requested_by, requested->value(), index, topic, high_watermark.value(),
                        high_watermark.value()),
            {{"partition", index}, {"high_watermark", high_watermark.value()}});
        return sources;
      }
      next = *requested;
    }
    sources.push_back({.index = index,
                       .partition = std::move(partition),
                       .next_offset = std::max(next, log_start)});
  }
  return sources;
}

std::optional<http_response> check_cursor_partitions(const std::string& topic,
                                                     int32_t partition_count,
                                                     const std::optional<push_positions>& resume) {
  if (!resume) return std::nullopt;
  for (const auto& [index, next] : *resume) {
    if (index >= partition_count) {
      return bad_request(fmt::format(
          "the resume cursor names partition {}, which topic '{}' does not have (it has {}); "
          "was the event id from another topic? Leave Last-Event-ID out to start afresh",
          index, topic, partition_count));
    }
  }
  return std::nullopt;
}

}  // namespace eventioz::http
