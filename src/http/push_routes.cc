// GET /v1/topics/{topic}/events: push delivery over Server-Sent Events, or over WebSocket when
// the request is an upgrade. Everything is checked before the answer starts (unknown topic or
// partition, a bad parameter or cursor, too many subscribers), so every refusal is an ordinary
// HTTP answer with problem+json; then a push_session takes the socket over (push_opening.h).
#include <fmt/format.h>

#include "http/push_opening.h"
#include "http/push_query.h"
#include "http/routes.h"

namespace eventioz::http {
namespace {

constexpr std::string_view events_route = "/v1/topics/{topic}/events";

void open_push(http_context& context, stream_start start) {
  push_opening opening(context, std::move(start), events_route);
  const http_request& request = opening.request();
  const std::string& topic = request.param("topic");
  auto query = parse_push_query(request);
  if (!query) return opening.refuse(bad_request(query.error_value().message()));
  auto metadata = context.topics.find_topic(topic);
  if (!metadata || metadata->deleting) {
    return opening.refuse(
        not_found("unknown-topic", fmt::format("there is no topic '{}'; create it first (POST "
                                               "/v1/topics) or check the name",
                                               topic)));
  }
  int32_t partition_count = metadata->partition_count;
  if (query->partition && *query->partition >= partition_count) {
    return opening.refuse(
        not_found("unknown-partition",
                  fmt::format("topic '{}' has partitions 0 to {}; there is no partition {}", topic,
                              partition_count - 1, *query->partition)));
  }
  if (auto refused = check_cursor_partitions(topic, partition_count, query->resume)) {
    return opening.refuse(std::move(*refused));
  }
  std::optional<http_response> out_of_range;
  auto sources = resolve_push_sources(context, topic, query->partition.value_or(0),
                                      query->partition.value_or(partition_count - 1), query->start,
                                      query->resume, out_of_range);
  if (sources && out_of_range) return opening.refuse(std::move(*out_of_range));
  if (!sources) {
    return opening.refuse(problem(503, "partition-unavailable", "The topic cannot be read now",
                                  fmt::format("opening topic '{}' failed ({}); try again", topic,
                                              sources.error_value().message())));
  }
  // A copy: `topic` refers into the request, which open() moves into a WebSocket session.
  std::string name = topic;
  opening.open(name, std::move(*sources),
               std::make_unique<topic_push_renderer>(name, std::move(query->filter)));
}

}  // namespace

void add_push_routes(router& routes, http_context& context) {
  routes.add_stream(verb::get, std::string(events_route),
                    [&context](stream_start start) { open_push(context, std::move(start)); },
                    // What push_query.cc reads.
                    {"partition", "offset", "timestamp", "key", "header", "last_event_id"});
}

}  // namespace eventioz::http
