// GET /v1/topics/{topic}/events: push delivery over Server-Sent Events, or over WebSocket when
// the request is an upgrade. Everything is checked before the answer starts (unknown topic or
// partition, a bad parameter or cursor, too many subscribers), so every refusal is an ordinary
// HTTP answer with problem+json; then a push_session takes the socket over.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "http/http_probe.h"
#include "http/push_query.h"
#include "http/routes.h"
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

// Where each subscribed partition starts: the cursor's position, else the query's start;
// never before the log start (earlier records are gone). A requested position past a
// partition's high watermark (an offset or cursor from the future, or from a topic deleted and
// created again) is refused into `refused` (416), like the REST consume route: waiting there
// silently would deliver nothing until the log grew that far. The high watermark itself is
// valid: the subscription waits for the next record.
result<std::vector<push_source>> resolve_sources(http_context& context, const std::string& topic,
                                                 int32_t partition_count, const push_query& query,
                                                 std::optional<http_response>& refused) {
  std::vector<push_source> sources;
  int32_t first = query.partition.value_or(0);
  int32_t last = query.partition.value_or(partition_count - 1);
  for (int32_t index = first; index <= last; ++index) {
    EVENTIOZ_TRY(auto partition, context.topics.get_partition(topic, index));
    offset log_start = partition->log().log_start_offset();
    offset high_watermark = partition->high_watermark();
    offset next = high_watermark;
    std::optional<offset> requested;
    const char* requested_by = "offset";
    auto resumed = query.resume ? query.resume->find(index) : push_positions::const_iterator();
    if (query.resume && resumed != query.resume->end()) {
      requested = offset(resumed->second);
      requested_by = "resume cursor";
    } else if (query.start.kind == push_start_kind::earliest) {
      next = log_start;
    } else if (query.start.kind == push_start_kind::offset) {
      requested = offset(query.start.value);
    } else if (query.start.kind == push_start_kind::timestamp) {
      EVENTIOZ_TRY(auto found, partition->log().offset_for_timestamp(query.start.value));
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

// The checks that need the topic; an answer when one fails.
std::optional<http_response> check_against_topic(const std::string& topic, int32_t partition_count,
                                                 const push_query& query) {
  if (query.partition && *query.partition >= partition_count) {
    return not_found("unknown-partition",
                     fmt::format("topic '{}' has partitions 0 to {}; there is no partition {}",
                                 topic, partition_count - 1, *query.partition));
  }
  if (query.resume) {
    for (const auto& [index, next] : *query.resume) {
      if (index >= partition_count) {
        return bad_request(fmt::format(
            "the resume cursor names partition {}, which topic '{}' does not have (it has {}); "
            "was the event id from another topic? Leave Last-Event-ID out to start afresh",
            index, topic, partition_count));
      }
    }
  }
  return std::nullopt;
}

std::string peer_of(const beast::tcp_stream& stream) {
  boost::system::error_code failure;
  auto endpoint = stream.socket().remote_endpoint(failure);
  if (failure) return "unknown peer";
  return fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
}

constexpr std::string_view events_route = "/v1/topics/{topic}/events";

void open_push(http_context& context, stream_start start) {
  const http_request& request = start.request;
  const std::string& topic = request.param("topic");
  // Counted once in eventioz_http_requests_total, with the status it was answered with.
  auto count_request = [method = std::string(request.message.method_string()),
                        started = start.started](unsigned status) {
    record_http_request(events_route, method, status, std::chrono::steady_clock::now() - started);
  };
  auto refuse = [&](http_response response) {
    count_request(response.status);
    if (context.config.log_requests) {
      spdlog::info("http GET {} push refused {}", std::string(request.message.target()),
                   response.status);
    }
    answer_and_close(std::move(start.stream), request.message, std::move(response));
  };
  auto query = parse_push_query(request);
  if (!query) return refuse(bad_request(query.error_value().message()));
  auto metadata = context.topics.find_topic(topic);
  if (!metadata || metadata->deleting) {
    return refuse(
        not_found("unknown-topic", fmt::format("there is no topic '{}'; create it first (POST "
                                               "/v1/topics) or check the name",
                                               topic)));
  }
  if (auto refused = check_against_topic(topic, metadata->partition_count, *query)) {
    return refuse(std::move(*refused));
  }
  std::optional<http_response> out_of_range;
  auto sources = resolve_sources(context, topic, metadata->partition_count, *query, out_of_range);
  if (sources && out_of_range) return refuse(std::move(*out_of_range));
  if (!sources) {
    return refuse(problem(503, "partition-unavailable", "The topic cannot be read now",
                          fmt::format("opening topic '{}' failed ({}); try again", topic,
                                      sources.error_value().message())));
  }
  if (request.message.method() == beast_http::verb::head) {
    // The head a GET would get, without the stream.
    http_response head{.content_type = "text/event-stream; charset=utf-8"};
    head.headers.emplace_back("Cache-Control", "no-cache");
    count_request(head.status);
    return answer_and_close(std::move(start.stream), request.message, std::move(head));
  }
  if (!context.push.try_open_subscriber(context.config.push_subscribers_max)) {
    return refuse(problem(503, "too-many-subscribers", "Too many push subscribers",
                          fmt::format("the broker serves at most {} push subscribers "
                                      "(http.push_subscribers_max); try again later",
                                      context.config.push_subscribers_max)));
  }
  std::string peer = peer_of(start.stream);
  bool upgrade = beast::websocket::is_upgrade(request.message);
  if (context.config.log_requests) {
    spdlog::info("http GET {} push {} from {}", std::string(request.message.target()),
                 upgrade ? "WebSocket" : "SSE", peer);
  }
  std::shared_ptr<push_session> session;
  if (upgrade) {
    session = std::make_shared<websocket_push_session>(
        context, request.shard, topic, std::move(*sources), std::move(query->filter), peer,
        std::move(start.stream), std::move(start.request.message));
  } else {
    session =
        std::make_shared<sse_push_session>(context, request.shard, topic, std::move(*sources),
                                           std::move(query->filter), peer, std::move(start.stream));
  }
  session->set_on_answered([count_request, upgrade](boost::system::error_code failure) {
    // Beast answers a malformed upgrade (no Sec-WebSocket-Key, ...) with 400 itself.
    if (upgrade && failure == beast::websocket::condition::handshake_failed) {
      return count_request(400);
    }
    count_request(upgrade ? 101 : 200);
  });
  session->start();
}

}  // namespace

void add_push_routes(router& routes, http_context& context) {
  routes.add_stream(verb::get, std::string(events_route),
                    [&context](stream_start start) { open_push(context, std::move(start)); },
                    // What push_query.cc reads.
                    {"partition", "offset", "timestamp", "key", "header", "last_event_id"});
}

}  // namespace eventioz::http
