// Projections of a store (design §8): create (PUT), list, status, delete, and the read model's
// entries by key or by prefix in key order. The projection runner folds in the background;
// these routes only define, inspect and query.
#include <fmt/format.h>

#include "http/error_mapping.h"
#include "http/routes.h"
#include "http/store_json.h"
#include "http/store_route_support.h"

namespace eventioz::http {
namespace {

using json = nlohmann::json;

constexpr int64_t max_keys_limit = 10'000;

void create(http_context& context, const http_request& request, responder respond) {
  auto* store = event_store_or_answer(context, respond);
  if (store == nullptr) return;
  auto definition =
      parse_projection(request.message.body(), request.param("store"), request.param("name"));
  if (!definition) return respond(error_response(definition.error_value()));
  auto created = store->create_projection(*definition);
  if (!created) return respond(error_response(created.error_value()));
  http_response response = json_response(201, projection_status_json(*created));
  response.headers.emplace_back(
      "Location", fmt::format("/v1/stores/{}/projections/{}", definition->store, definition->name));
  respond(std::move(response));
}

void list_keys(http_context& context, const http_request& request, responder respond) {
  auto* store = event_store_or_answer(context, respond);
  if (store == nullptr) return;
  auto limit = request.query_integer("limit", 1, max_keys_limit);
  if (!limit) return respond(error_response(limit.error_value()));
  const size_t wanted = static_cast<size_t>(limit->value_or(100));
  // One more than asked: whether there is a next page.
  auto entries = store->projection_list(request.param("store"), request.param("name"),
                                        request.query_value("prefix").value_or(""),
                                        request.query_value("after").value_or(""), wanted + 1);
  if (!entries) return respond(error_response(entries.error_value()));
  json next_after = nullptr;
  if (entries->size() > wanted) {
    entries->resize(wanted);
    next_after = entries->back().key;
  }
  json out = json::array();
  for (const auto& entry : *entries) out.push_back(projection_entry_json(entry));
  respond(json_response(200, {{"entries", std::move(out)}, {"next_after", next_after}}));
}

}  // namespace

void add_projection_routes(router& routes, http_context& context) {
  const std::string one = "/v1/stores/{store}/projections/{name}";
  routes.add(verb::put, one, [&context](const http_request& request, responder respond) {
    create(context, request, std::move(respond));
  });
  routes.add(verb::get, "/v1/stores/{store}/projections",
             [&context](const http_request& request, responder respond) {
               auto* store = event_store_or_answer(context, respond);
               if (store == nullptr) return;
               // An unknown store or a topic that is not one: 404 rather than an empty list.
               auto described = store->describe_store(request.param("store"));
               if (!described) return respond(error_response(described.error_value()));
               json out = json::array();
               for (const auto& status : store->projections(request.param("store"))) {
                 out.push_back(projection_status_json(status));
               }
               respond(json_response(200, {{"projections", std::move(out)}}));
             });
  routes.add(verb::get, one, [&context](const http_request& request, responder respond) {
    auto* store = event_store_or_answer(context, respond);
    if (store == nullptr) return;
    auto status = store->projection(request.param("store"), request.param("name"));
    if (!status) return respond(error_response(status.error_value()));
    respond(json_response(200, projection_status_json(*status)));
  });
  routes.add(verb::delete_, one, [&context](const http_request& request, responder respond) {
    auto* store = event_store_or_answer(context, respond);
    if (store == nullptr) return;
    auto deleted = store->delete_projection(request.param("store"), request.param("name"));
    if (!deleted) return respond(error_response(deleted.error_value()));
    respond(no_content());
  });
  routes.add(verb::get, one + "/keys",
             [&context](const http_request& request, responder respond) {
               list_keys(context, request, std::move(respond));
             },
             {"prefix", "after", "limit"});
  routes.add(verb::get, one + "/keys/{key}",
             [&context](const http_request& request, responder respond) {
               auto* store = event_store_or_answer(context, respond);
               if (store == nullptr) return;
               auto entry = store->projection_get(request.param("store"), request.param("name"),
                                                  request.param("key"));
               if (!entry) return respond(error_response(entry.error_value()));
               respond(json_response(200, projection_entry_json(*entry)));
             });
}

}  // namespace eventioz::http
