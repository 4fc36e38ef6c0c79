// Event-store subscriptions, catch-up then live, over Server-Sent Events or WebSocket (an
// upgrade): the push machinery of topics (push_opening.h, push_session.h) with the store's
// renderers (store_push_renderer.h).
//   GET /v1/stores/{store}/events                   every partition of the store
//   GET /v1/stores/{store}/streams/{stream}/events  one stream, from a version
// Everything is checked before the answer starts (a bad parameter or cursor 400, an unknown
// store or a topic that is not a store 404, a deleted stream 410, a cursor past the end 416).
#include <fmt/format.h>

#include "eventstore/errc.h"
#include "eventstore/event_store.h"
#include "http/error_mapping.h"
#include "http/push_opening.h"
#include "http/routes.h"
#include "http/store_push_query.h"
#include "http/store_push_renderer.h"

namespace eventioz::http {
namespace {

constexpr std::string_view store_events_route = "/v1/stores/{store}/events";
constexpr std::string_view stream_events_route = "/v1/stores/{store}/streams/{stream}/events";

// The store `name`, or the answer that refuses its subscription in `refused`.
std::optional<eventstore::store_info> find_store(http_context& context, const std::string& name,
                                                 std::optional<http_response>& refused) {
  if (context.store == nullptr) {
    refused = problem(503, "event-store-unavailable", "The event store is not running",
                      "this broker serves no event store; try again once it is up");
    return std::nullopt;
  }
  auto info = context.store->describe_store(name);
  if (info) return std::move(*info);
  const error& failure = info.error_value();
  if (failure == eventstore::errc::store_not_found) {
    refused = not_found("store-not-found",
                        fmt::format("there is no store '{}'; create it first (POST /v1/stores) "
                                    "or check the name",
                                    name));
  } else if (failure == eventstore::errc::not_a_store) {
    refused = not_found("not-a-store",
                        fmt::format("topic '{}' is not an event store (eventioz.store is not "
                                    "true); subscribe to its records with GET "
                                    "/v1/topics/{}/events instead",
                                    name, name));
  } else {
    refused = error_response(failure);
  }
  return std::nullopt;
}

void open_store_push(http_context& context, stream_start start) {
  push_opening opening(context, std::move(start), store_events_route);
  const http_request& request = opening.request();
  std::string store = request.param("store");
  auto query = parse_store_push_query(request);
  if (!query) return opening.refuse(bad_request(query.error_value().message()));
  std::optional<http_response> refused;
  auto info = find_store(context, store, refused);
  if (!info) return opening.refuse(std::move(*refused));
  if (auto bad_cursor = check_cursor_partitions(store, info->partitions, query->positions)) {
    return opening.refuse(std::move(*bad_cursor));
  }
  auto sources = resolve_push_sources(context, store, 0, info->partitions - 1, query->start,
                                      query->positions, refused);
  if (sources && refused) return opening.refuse(std::move(*refused));
  if (!sources) {
    return opening.refuse(problem(503, "partition-unavailable", "The store cannot be read now",
                                  fmt::format("opening store '{}' failed ({}); try again", store,
                                              sources.error_value().message())));
  }
  // The store outlives its subscriptions (http_context.h).
  auto version_of = [event_store = context.store, store](int32_t partition, int64_t offset) {
    return event_store->version_of(store, partition, offset);
  };
  opening.open(
      store, std::move(*sources),
      std::make_unique<store_push_renderer>(std::move(version_of), std::move(query->types)));
}

// Where a stream subscription starts reading its partition, and the version of the first
// stream record there.
struct stream_start_point {
  int64_t offset = 0;
  int64_t first_version = 0;
};

// From the stream index: the offset of `from_version` when the stream has it; else just after
// the stream's last event (the next event there is its next version, delivered once it reaches
// `from_version`); for a stream without events, the end of what the index covered before it
// was asked (`indexed_offset`: the stream had no event below it). Errors: the stream was
// deleted (stream_deleted), the index failed.
result<stream_start_point> locate_stream(const eventstore::event_store& store,
                                         const std::string& store_name, const std::string& stream,
                                         int64_t from_version, int64_t indexed_offset) {
  auto page = store.read_stream(
      {.store = store_name, .stream = stream, .from_version = from_version, .limit = 1});
  if (!page) {
    if (page.error_value() == eventstore::errc::stream_not_found) {
      return stream_start_point{.offset = indexed_offset, .first_version = 0};
    }
    return page.error_value();
  }
  if (!page->events.empty()) {
    return stream_start_point{.offset = page->events.front().offset,
                              .first_version = page->events.front().version};
  }
  int64_t last_version = page->current_version;
  if (last_version < 0) return stream_start_point{.offset = indexed_offset, .first_version = 0};
  EVENTIOZ_TRY(
      auto last,
      store.read_stream(
          {.store = store_name, .stream = stream, .from_version = last_version, .limit = 1}));
  if (last.events.empty()) {
    return error(make_error_code(eventstore::errc::index_failed),
                 fmt::format("the index of store '{}' names version {} of stream '{}' as its "
                             "last but does not hold it",
                             store_name, last_version, stream));
  }
  return stream_start_point{.offset = last.events.front().offset + 1,
                            .first_version = last_version + 1};
}

void open_stream_push(http_context& context, stream_start start) {
  push_opening opening(context, std::move(start), stream_events_route);
  const http_request& request = opening.request();
  std::string store = request.param("store");
  std::string stream = request.param("stream");
  auto query = parse_stream_push_query(request);
  if (!query) return opening.refuse(bad_request(query.error_value().message()));
  std::optional<http_response> refused;
  auto info = find_store(context, store, refused);
  if (!info) return opening.refuse(std::move(*refused));
  int32_t index = eventstore::event_store::partition_of(stream, info->partitions);
  // What describe_store saw the index cover, read before the stream is looked up.
  int64_t indexed_offset = 0;
  for (const eventstore::store_partition_status& status : info->index) {
    if (status.partition == index) indexed_offset = status.indexed_offset;
  }
  auto partition = context.topics.get_partition(store, index);
  if (!partition) {
    return opening.refuse(problem(503, "partition-unavailable", "The store cannot be read now",
                                  fmt::format("opening partition {} of store '{}' failed ({}); "
                                              "try again",
                                              index, store, partition.error_value().message())));
  }
  auto located = locate_stream(*context.store, store, stream, query->from_version, indexed_offset);
  if (!located) {
    if (located.error_value() == eventstore::errc::stream_deleted) {
      return opening.refuse(problem(410, "stream-deleted", "Stream deleted",
                                    fmt::format("stream '{}' of store '{}' was deleted; it has "
                                                "no events to subscribe to",
                                                stream, store)));
    }
    return opening.refuse(error_response(located.error_value()));
  }
  offset log_start = (*partition)->log().log_start_offset();
  std::vector<push_source> sources;
  sources.push_back({.index = index,
                     .partition = std::move(*partition),
                     .next_offset = std::max(offset(located->offset), log_start)});
  opening.open(store, std::move(sources),
               std::make_unique<stream_push_renderer>(store, stream, located->first_version,
                                                      query->from_version));
}

}  // namespace

void add_store_push_routes(router& routes, http_context& context) {
  // What store_push_query.cc reads.
  routes.add_stream(verb::get, std::string(store_events_route),
                    [&context](stream_start start) { open_store_push(context, std::move(start)); },
                    {"from", "offsets", "types", "last_event_id"});
  routes.add_stream(verb::get, std::string(stream_events_route),
                    [&context](stream_start start) { open_stream_push(context, std::move(start)); },
                    {"from_version", "last_event_id"});
}

}  // namespace eventioz::http
