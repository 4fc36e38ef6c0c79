// GET /v1/stores/{store}/streams/{stream}/state: a stream folded into state by the store's
// reducer (or one given as `reducer=`), now or as of a version or a time (time travel), from
// the nearest snapshot.
#include <fmt/format.h>

#include "http/errc.h"
#include "http/error_mapping.h"
#include "http/routes.h"
#include "http/store_query.h"
#include "http/store_route_support.h"

namespace eventioz::http {
namespace {

using json = nlohmann::json;

result<eventstore::state_request> parse_state(const http_request& request) {
  eventstore::state_request state{.store = request.param("store"),
                                  .stream = request.param("stream")};
  EVENTIOZ_TRY(state.as_of_version, request.query_integer("as_of_version", 0, INT64_MAX));
  if (auto time = request.query_value("as_of_time")) {
    if (state.as_of_version) {
      return error(make_error_code(errc::invalid_request),
                   "give as_of_version or as_of_time, not both");
    }
    EVENTIOZ_TRY(state.as_of_time_ms, parse_time_ms("as_of_time", *time));
  }
  if (auto reducer = request.query_value("reducer")) {
    if (reducer->empty()) {
      return error(make_error_code(errc::invalid_request),
                   "reducer must be a reducer spec: merge-patch or URL-encoded JSON");
    }
    state.reducer = reducer_query_spec(*reducer);
  }
  return state;
}

void state(http_context& context, const http_request& request, responder respond) {
  auto* store = event_store_or_answer(context, respond);
  if (store == nullptr) return;
  auto parsed = parse_state(request);
  if (!parsed) return respond(error_response(parsed.error_value()));
  auto folded = store->state(*parsed);
  if (!folded) return respond(error_response(folded.error_value()));
  respond(json_response(
      200, {{"stream", parsed->stream},
            {"version", folded->version},
            {"timestamp", folded->timestamp_ms},
            {"state", folded->state},
            {"snapshot_version",
             folded->snapshot_version ? json(*folded->snapshot_version) : json(nullptr)},
            {"events_folded", folded->events_folded}}));
}

}  // namespace

void add_stream_state_route(router& routes, http_context& context) {
  routes.add(verb::get, "/v1/stores/{store}/streams/{stream}/state",
             [&context](const http_request& request, responder respond) {
               state(context, request, std::move(respond));
             },
             {"as_of_version", "as_of_time", "reducer"});
}

}  // namespace eventioz::http
