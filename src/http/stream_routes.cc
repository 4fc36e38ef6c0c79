// One stream of a store: append with an expected version (POST), read a page forwards or
// backwards (GET), delete (DELETE: a tombstone).
//
// The body is checked completely (append_body.h) before the store sees it, so a refusal writes
// nothing. event_store::append runs the partition's append on its owner shard and answers
// from a flush thread once durable; `respond` may be called from there.
#include <fmt/format.h>

#include "eventstore/errc.h"
#include "http/append_body.h"
#include "http/errc.h"
#include "http/error_mapping.h"
#include "http/record_json.h"
#include "http/routes.h"
#include "http/store_json.h"
#include "http/store_route_support.h"

namespace eventioz::http {
namespace {

using json = nlohmann::json;

constexpr int64_t max_read_limit = 10'000;

json expected_version_json(const eventstore::expected_version& expected) {
  if (expected.condition == eventstore::expected_version::kind::exact) return expected.version;
  return expected.to_string();
}

http_response append_answer(const std::string& stream, const std::vector<std::string>& ids,
                            const eventstore::append_outcome& outcome) {
  json events = json::array();
  for (size_t i = 0; i < ids.size(); ++i) {
    events.push_back({{"id", ids[i]},
                      {"version", outcome.first_version + static_cast<int64_t>(i)},
                      {"offset", outcome.first_offset + static_cast<int64_t>(i)}});
  }
  return json_response(outcome.duplicate ? 200 : 201, {{"stream", stream},
                                                       {"partition", outcome.partition},
                                                       {"first_version", outcome.first_version},
                                                       {"last_version", outcome.last_version},
                                                       {"events", std::move(events)},
                                                       {"duplicate", outcome.duplicate}});
}

http_response append_failure(const error& failure, int64_t current_version,
                             const eventstore::expected_version& expected) {
  if (failure.code() != eventstore::errc::wrong_expected_version) {
    return error_response(failure);
  }
  http_error_kind kind = kind_of(failure.code());
  std::string detail = failure.message().empty()
                           ? fmt::format(
                                 "the stream is at version {}, not {}; read it again "
                                 "and retry with the current version",
                                 current_version, expected.to_string())
                           : failure.message();
  return problem(kind.status, kind.slug, kind.title, detail,
                 {{"current_version", current_version},
                  {"expected_version", expected_version_json(expected)}});
}

void append(http_context& context, const http_request& request, responder respond) {
  auto* store = event_store_or_answer(context, respond);
  if (store == nullptr) return;
  auto parsed =
      parse_append_body(request.message.body(), request.param("store"), request.param("stream"));
  if (!parsed) return respond(error_response(parsed.error_value()));
  std::vector<std::string> ids;
  ids.reserve(parsed->events.size());
  for (const auto& event : parsed->events) ids.push_back(event.id);
  std::string stream = parsed->stream;
  eventstore::expected_version expected = parsed->expected;
  store->append(std::move(*parsed),
                [respond = std::move(respond), stream = std::move(stream), ids = std::move(ids),
                 expected](eventstore::append_reply reply) {
                  if (reply.failure) {
                    return respond(append_failure(*reply.failure, reply.current_version, expected));
                  }
                  respond(append_answer(stream, ids, reply.outcome));
                });
}

result<eventstore::stream_read_request> parse_read(const http_request& request) {
  eventstore::stream_read_request read{.store = request.param("store"),
                                       .stream = request.param("stream")};
  auto direction = request.query_value("direction").value_or("forward");
  if (direction != "forward" && direction != "backward") {
    return error(make_error_code(errc::invalid_request),
                 fmt::format("direction must be forward or backward, not '{}'", direction));
  }
  read.backwards = direction == "backward";
  EVENTIOZ_TRY(auto from, request.query_integer("from_version", 0, INT64_MAX));
  read.from_version = from ? *from : (read.backwards ? -1 : 0);
  EVENTIOZ_TRY(auto limit, request.query_integer("limit", 1, max_read_limit));
  read.limit = static_cast<size_t>(limit.value_or(100));
  return read;
}

void read(http_context& context, const http_request& request, responder respond) {
  auto* store = event_store_or_answer(context, respond);
  if (store == nullptr) return;
  auto parsed = parse_read(request);
  if (!parsed) return respond(error_response(parsed.error_value()));
  auto page = store->read_stream(*parsed);
  if (!page) return respond(error_response(page.error_value()));
  if (page->current_version < 0) {
    return respond(error_response(
        error(make_error_code(eventstore::errc::stream_not_found),
              fmt::format("stream '{}' of store '{}' has no events; append one with POST "
                          "/v1/stores/{}/streams/{}",
                          parsed->stream, parsed->store, parsed->store, parsed->stream))));
  }
  std::string body;
  body.reserve(256 * page->events.size() + 128);
  body += "{\"stream\":";
  append_json_string(body, parsed->stream);
  fmt::format_to(std::back_inserter(body), ",\"partition\":{},\"current_version\":{},\"events\":[",
                 page->partition, page->current_version);
  for (size_t i = 0; i < page->events.size(); ++i) {
    if (i > 0) body += ',';
    append_event_json(body, page->events[i]);
  }
  body += "],\"next_version\":";
  body += page->next_version ? std::to_string(*page->next_version) : std::string("null");
  body += '}';
  respond({.status = 200, .body = std::move(body)});
}

void delete_stream(http_context& context, const http_request& request, responder respond) {
  auto* store = event_store_or_answer(context, respond);
  if (store == nullptr) return;
  std::string stream = request.param("stream");
  store->delete_stream(
      request.param("store"), stream,
      [respond = std::move(respond), stream](result<int64_t> offset) {
        if (!offset) return respond(error_response(offset.error_value()));
        respond(json_response(200, {{"stream", stream}, {"deleted", true}, {"offset", *offset}}));
      });
}

}  // namespace

void add_stream_routes(router& routes, http_context& context) {
  const std::string path = "/v1/stores/{store}/streams/{stream}";
  routes.add(verb::post, path, [&context](const http_request& request, responder respond) {
    append(context, request, std::move(respond));
  });
  routes.add(verb::get, path,
             [&context](const http_request& request, responder respond) {
               read(context, request, std::move(respond));
             },
             {"from_version", "direction", "limit"});
  routes.add(verb::delete_, path, [&context](const http_request& request, responder respond) {
    delete_stream(context, request, std::move(respond));
  });
}

}  // namespace eventioz::http
