// Stores: create (a topic with eventioz.store=true), list, describe with the index's progress
// per partition. A topic that exists but is not a store answers 404 not-a-store.
//
// create_store writes topic metadata (fsync): it runs on the connection's shard, like topic
// creation does; it is rare.
#include "http/error_mapping.h"
#include "http/routes.h"
#include "http/store_json.h"
#include "http/store_route_support.h"

namespace eventioz::http {

void add_store_routes(router& routes, http_context& context) {
  routes.add(verb::post, "/v1/stores", [&context](const http_request& request, responder respond) {
    auto* store = event_store_or_answer(context, respond);
    if (store == nullptr) return;
    auto create = parse_create_store(request.message.body());
    if (!create) return respond(error_response(create.error_value()));
    auto created = store->create_store(*create);
    if (!created) return respond(error_response(created.error_value()));
    http_response response = json_response(201, store_json(*created, /*with_index=*/false));
    response.headers.emplace_back("Location", "/v1/stores/" + created->name);
    respond(std::move(response));
  });
  routes.add(verb::get, "/v1/stores", [&context](const http_request&, responder respond) {
    auto* store = event_store_or_answer(context, respond);
    if (store == nullptr) return;
    nlohmann::json stores = nlohmann::json::array();
    for (const auto& info : store->stores()) stores.push_back(store_json(info, false));
    respond(json_response(200, {{"stores", std::move(stores)}}));
  });
  routes.add(verb::get, "/v1/stores/{store}",
             [&context](const http_request& request, responder respond) {
               auto* store = event_store_or_answer(context, respond);
               if (store == nullptr) return;
               auto described = store->describe_store(request.param("store"));
               if (!described) return respond(error_response(described.error_value()));
               respond(json_response(200, store_json(*described, /*with_index=*/true)));
             });
}

}  // namespace eventioz::http
