// Topics: list, create, describe, delete, configs (read and change), partitions (list, one,
// grow). Each handler parses and checks the request, calls the topic manager once, and maps its
// errors through error_mapping (cluster::errc::topic_exists -> 409 topic-exists, ...).
//
// The topic manager's control operations write metadata files (fsync): they run on the
// connection's shard, like the Kafka admin requests do; they are rare.
#include <fmt/format.h>

#include "http/errc.h"
#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/routes.h"
#include "http/topic_json.h"

namespace eventioz::http {
namespace {

using json = nlohmann::json;

// Config values are strings; numbers and booleans are accepted and written as their JSON text.
result<std::optional<std::string>> config_value(const json& value, const std::string& name) {
  if (value.is_null()) return std::optional<std::string>();
  if (value.is_string()) return std::optional<std::string>(value.get<std::string>());
  if (value.is_number() || value.is_boolean()) return std::optional<std::string>(value.dump());
  return error(make_error_code(errc::invalid_request),
               fmt::format("configs.{} must be a string (or null to remove the override)", name));
}

result<cluster::create_topic_request> parse_create(const http_request& request) {
  EVENTIOZ_TRY(auto body,
               parse_json_object(request.message.body(),
                                 {"name", "partitions", "replication_factor", "configs"}));
  cluster::create_topic_request create;
  auto name = body.find("name");
  if (name == body.end() || !name->is_string()) {
    return error(make_error_code(errc::invalid_request),
                 "name must be the topic's name, e.g. {\"name\": \"orders\", \"partitions\": 3}");
  }
  create.name = name->get<std::string>();
  EVENTIOZ_TRY(auto partitions, integer_member(body, "partitions", 1, INT32_MAX));
  if (partitions) create.partition_count = static_cast<int32_t>(*partitions);
  EVENTIOZ_TRY(auto replication, integer_member(body, "replication_factor", 1, INT16_MAX));
  if (replication) create.replication_factor = static_cast<int16_t>(*replication);
  if (auto configs = body.find("configs"); configs != body.end() && !configs->is_null()) {
    if (!configs->is_object()) {
      return error(make_error_code(errc::invalid_request),
                   "configs must be an object of config names to values, e.g. "
                   "{\"retention.ms\": \"86400000\"}");
    }
    for (const auto& [key, value] : configs->items()) {
      EVENTIOZ_TRY(auto text, config_value(value, key));
      if (!text) {
        return error(make_error_code(errc::invalid_request),
                     fmt::format("configs.{} is null; a new topic takes the default when a "
                                 "config is left out",
                                 key));
      }
      create.configs[key] = *text;
    }
  }
  return create;
}

result<std::vector<cluster::config_change>> parse_config_changes(const http_request& request) {
  EVENTIOZ_TRY(auto body, parse_json_object(request.message.body(), {"configs"}));
  auto configs = body.find("configs");
  if (configs == body.end() || !configs->is_object()) {
    return error(make_error_code(errc::invalid_request),
                 "configs must be an object of config names to new values (null: back to the "
                 "default), e.g. {\"configs\": {\"retention.ms\": \"86400000\"}}");
  }
  std::vector<cluster::config_change> changes;
  for (const auto& [key, value] : configs->items()) {
    EVENTIOZ_TRY(auto text, config_value(value, key));
    changes.push_back({.name = key, .value = std::move(text)});
  }
  return changes;
}

void respond_topic(http_context& context, const std::string& name, unsigned status,
                   const responder& respond) {
  auto topic = find_topic(context.topics, name);
  if (!topic) return respond(error_response(topic.error_value()));
  auto described = topic_json(context.topics, *topic, context.config.node_id);
  if (!described) return respond(error_response(described.error_value()));
  http_response response = json_response(status, *described);
  if (status == 201) response.headers.emplace_back("Location", "/v1/topics/" + name);
  respond(std::move(response));
}

void respond_configs(http_context& context, const std::string& name, const responder& respond) {
  auto configs = context.topics.describe_topic_configs(name);
  if (!configs) return respond(error_response(configs.error_value()));
  respond(json_response(200, {{"configs", configs_json(*configs, "topic")}}));
}

void add_topic_collection_routes(router& routes, http_context& context) {
  routes.add(verb::get, "/v1/topics", [&context](const http_request&, responder respond) {
    json topics = json::array();
    for (const auto& topic : context.topics.topics()) {
      if (topic.deleting) continue;
      auto summary = topic_summary_json(context.topics, topic);
      if (!summary) return respond(error_response(summary.error_value()));
      topics.push_back(std::move(*summary));
    }
    respond(json_response(200, {{"topics", std::move(topics)}}));
  });
  routes.add(verb::post, "/v1/topics", [&context](const http_request& request, responder respond) {
    auto create = parse_create(request);
    if (!create) return respond(error_response(create.error_value()));
    auto created = context.topics.create_topic(*create);
    if (!created) return respond(error_response(created.error_value()));
    respond_topic(context, created->name, 201, respond);
  });
}

void add_one_topic_routes(router& routes, http_context& context) {
  routes.add(verb::get, "/v1/topics/{topic}",
             [&context](const http_request& request, responder respond) {
               respond_topic(context, request.param("topic"), 200, respond);
             });
  routes.add(verb::delete_, "/v1/topics/{topic}",
             [&context](const http_request& request, responder respond) {
               auto topic = find_topic(context.topics, request.param("topic"));
               if (!topic) return respond(error_response(topic.error_value()));
               auto deleted = context.topics.delete_topic(topic->name);
               if (!deleted) return respond(error_response(deleted.error_value()));
               respond(no_content());
             });
  routes.add(verb::get, "/v1/topics/{topic}/configs",
             [&context](const http_request& request, responder respond) {
               auto topic = find_topic(context.topics, request.param("topic"));
               if (!topic) return respond(error_response(topic.error_value()));
               respond_configs(context, topic->name, respond);
             });
  routes.add(verb::patch, "/v1/topics/{topic}/configs",
             [&context](const http_request& request, responder respond) {
               auto topic = find_topic(context.topics, request.param("topic"));
               if (!topic) return respond(error_response(topic.error_value()));
               auto changes = parse_config_changes(request);
               if (!changes) return respond(error_response(changes.error_value()));
               auto altered = context.topics.alter_topic_configs(topic->name, *changes,
                                                                 /*replace_all=*/false,
                                                                 /*validate_only=*/false);
               if (!altered) return respond(error_response(altered.error_value()));
               respond_configs(context, topic->name, respond);
             });
}

void add_partition_routes(router& routes, http_context& context) {
  routes.add(verb::get, "/v1/topics/{topic}/partitions",
             [&context](const http_request& request, responder respond) {
               auto topic = find_topic(context.topics, request.param("topic"));
               if (!topic) return respond(error_response(topic.error_value()));
               auto partitions = partitions_json(context.topics, *topic, context.config.node_id);
               if (!partitions) return respond(error_response(partitions.error_value()));
               respond(json_response(200, {{"partitions", std::move(*partitions)}}));
             });
  routes.add(verb::get, "/v1/topics/{topic}/partitions/{partition}",
             [&context](const http_request& request, responder respond) {
               auto topic = find_topic(context.topics, request.param("topic"));
               if (!topic) return respond(error_response(topic.error_value()));
               auto index = partition_index(request.param("partition"), *topic);
               if (!index) return respond(error_response(index.error_value()));
               auto partition = context.topics.get_partition(topic->name, *index);
               if (!partition) return respond(error_response(partition.error_value()));
               respond(json_response(200, partition_json(**partition, context.config.node_id)));
             });
  routes.add(verb::post, "/v1/topics/{topic}/partitions",
             [&context](const http_request& request, responder respond) {
               auto topic = find_topic(context.topics, request.param("topic"));
               if (!topic) return respond(error_response(topic.error_value()));
               auto body = parse_json_object(request.message.body(), {"count"});
               if (!body) return respond(error_response(body.error_value()));
               auto count = integer_member(*body, "count", 1, INT32_MAX);
               if (!count) return respond(error_response(count.error_value()));
               if (!*count) {
                 return respond(bad_request(
                     "count must be the new number of partitions, e.g. {\"count\": 6}"));
               }
               auto grown = context.topics.create_partitions(
                   topic->name, static_cast<int32_t>(**count), /*validate_only=*/false);
               if (!grown) return respond(error_response(grown.error_value()));
               auto updated = find_topic(context.topics, topic->name);
               if (!updated) return respond(error_response(updated.error_value()));
               auto partitions = partitions_json(context.topics, *updated, context.config.node_id);
               if (!partitions) return respond(error_response(partitions.error_value()));
               respond(json_response(200, {{"partitions", std::move(*partitions)}}));
             });
}

}  // namespace

void add_topic_routes(router& routes, http_context& context) {
  add_topic_collection_routes(routes, context);
  add_one_topic_routes(routes, context);
  add_partition_routes(routes, context);
}

}  // namespace eventioz::http
