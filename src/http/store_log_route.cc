// GET /v1/stores/{store}/all: a whole store in log order (each partition in offset order,
// partitions merged by timestamp), optionally only some event types, in pages that continue
// from `next_offsets` (the push cursor's format, push_cursor.h: "0:43,1:17").
#include <fmt/format.h>

#include "http/errc.h"
#include "http/error_mapping.h"
#include "http/push_cursor.h"
#include "http/routes.h"
#include "http/store_json.h"
#include "http/store_route_support.h"

namespace eventioz::http {
namespace {

using json = nlohmann::json;

constexpr int64_t max_log_limit = 10'000;
constexpr size_t max_types = 100;

result<std::vector<std::string>> parse_types(std::string_view text) {
  std::vector<std::string> types;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view type = text.substr(start, comma - start);
    if (type.empty() || types.size() == max_types) {
      return error(make_error_code(errc::invalid_request),
                   fmt::format("types must be 1 to {} comma-separated event types, e.g. "
                               "types=Deposited,Withdrawn",
                               max_types));
    }
    types.emplace_back(type);
    start = comma + 1;
  }
  return types;
}

result<eventstore::log_read_request> parse_log_read(const http_request& request) {
  eventstore::log_read_request read{.store = request.param("store")};
  if (auto types = request.query_value("types")) {
    EVENTIOZ_TRY(read.types, parse_types(*types));
  }
  if (auto offsets = request.query_value("offsets")) {
    auto positions = parse_push_cursor(*offsets);
    if (!positions) {
      return error(make_error_code(errc::invalid_request),
                   fmt::format("offsets must be the next_offsets of the previous page: "
                               "partition:offset pairs, comma-separated (e.g. 0:43,1:17); {}",
                               positions.error_value().message()));
    }
    read.from_offsets = std::move(*positions);
  }
  EVENTIOZ_TRY(auto limit, request.query_integer("limit", 1, max_log_limit));
  read.limit = static_cast<size_t>(limit.value_or(100));
  return read;
}

void read_all(http_context& context, const http_request& request, responder respond) {
  auto* store = event_store_or_answer(context, respond);
  if (store == nullptr) return;
  auto parsed = parse_log_read(request);
  if (!parsed) return respond(error_response(parsed.error_value()));
  auto page = store->read_all(*parsed);
  if (!page) return respond(error_response(page.error_value()));
  std::string body;
  body.reserve(256 * page->events.size() + 64);
  body += "{\"events\":[";
  for (size_t i = 0; i < page->events.size(); ++i) {
    if (i > 0) body += ',';
    append_event_json(body, page->events[i]);
  }
  body += "],\"next_offsets\":\"";
  append_push_cursor(body, page->next_offsets);  // digits, ':' and ',' only
  body += "\"}";
  respond({.status = 200, .body = std::move(body)});
}

}  // namespace

void add_store_log_route(router& routes, http_context& context) {
  routes.add(verb::get, "/v1/stores/{store}/all",
             [&context](const http_request& request, responder respond) {
               read_all(context, request, std::move(respond));
             },
             {"types", "offsets", "limit"});
}

}  // namespace eventioz::http
