// GET /v1/groups, GET and DELETE /v1/groups/{group}, POST /v1/groups/{group}/offsets: listing,
// describing (members with their decoded assignments, committed offsets with lag), deleting
// and committing offsets of consumer groups. Handlers run on the connection's shard; the
// coordinator is thread-safe and its completions (after fsync) answer from a flush thread.
#include "http/group_routes.h"

#include <fmt/format.h>

#include "groups/errc.h"
#include "http/error_mapping.h"
#include "http/group_errors.h"
#include "http/group_json.h"
#include "http/request_json.h"
#include "http/routes.h"

namespace eventioz::http {
namespace {

constexpr size_t offsets_per_commit_max = 10000;

// The high watermark of a committed offset's partition; nullopt when it no longer exists.
std::optional<int64_t> high_watermark_of(http_context& context, const std::string& topic,
                                         int32_t partition) {
  auto found = context.topics.get_partition(topic, partition);
  if (!found) return std::nullopt;
  return (*found)->high_watermark().value();
}

void list_groups(http_context& context, responder respond) {
  std::vector<groups::group_listing> listed = context.groups.list_groups({});
  std::vector<std::string> ids;
  for (const auto& group : listed) ids.push_back(group.group_id);
  std::vector<groups::group_description> described = context.groups.describe_groups(ids);
  nlohmann::json rows = nlohmann::json::array();
  for (size_t index = 0; index < listed.size(); ++index) {
    rows.push_back(group_listing_json(listed[index], described[index].members.size()));
  }
  respond(json_response(200, {{"groups", std::move(rows)}}));
}

void describe(http_context& context, const std::string& group_id, responder respond) {
  groups::group_description group = describe_group(context, group_id);
  if (group.state == groups::group_state::dead) return respond(unknown_group(group_id));
  std::vector<offset_with_lag> offsets;
  for (const groups::fetched_offset& each :
       context.groups.fetch_offsets(group_id, std::nullopt, false)) {
    if (each.value.committed_offset < 0) continue;
    offsets.push_back({.topic = each.topic,
                       .partition = each.partition,
                       .committed_offset = each.value.committed_offset,
                       .metadata = each.value.metadata,
                       .high_watermark = high_watermark_of(context, each.topic, each.partition)});
  }
  respond(json_response(200, group_description_json(group, offsets)));
}

void delete_group(http_context& context, const std::string& group_id, responder respond) {
  context.groups.delete_groups(
      {group_id}, [group_id, respond = std::move(respond)](std::vector<std::error_code> errors) {
        if (!errors.empty() && errors.front()) {
          return respond(group_problem(errors.front(), group_id));
        }
        respond(no_content());
      });
}

// The body of POST /offsets, checked: every topic and partition exists. A refusal is the
// answer to send; nothing has been written.
std::variant<std::vector<groups::offset_to_commit>, http_response> offsets_to_commit(
    http_context& context, const http_request& request) {
  auto body = parse_json_object(request.message.body(), {"offsets"});
  if (!body) return error_response(body.error_value());
  auto list = body->find("offsets");
  if (list == body->end() || !list->is_array() || list->empty()) {
    return bad_request(
        "the body must have \"offsets\": a non-empty array of {\"topic\", \"partition\", "
        "\"offset\", \"metadata\"?}");
  }
  if (list->size() > offsets_per_commit_max) {
    return bad_request(fmt::format("at most {} offsets per request; send them in several",
                                   offsets_per_commit_max));
  }
  std::vector<groups::offset_to_commit> offsets;
  for (size_t index = 0; index < list->size(); ++index) {
    const nlohmann::json& each = (*list)[index];
    std::string where = fmt::format("offsets[{}]", index);
    if (!each.is_object()) return bad_request(where + " must be an object");
    if (auto members = check_members(each, where, {"topic", "partition", "offset", "metadata"});
        !members) {
      return error_response(members.error_value());
    }
    auto topic = each.find("topic");
    if (topic == each.end() || !topic->is_string() || topic->get<std::string>().empty()) {
      return bad_request(where + ".topic must be a topic name (a non-empty string)");
    }
    auto partition = integer_member(each, "partition", where + ".partition", 0, INT32_MAX, true);
    if (!partition) return bad_request(partition.error_value().message());
    auto offset = integer_member(each, "offset", where + ".offset", 0, INT64_MAX, true);
    if (!offset) return bad_request(offset.error_value().message());
    std::optional<std::string> metadata;
    auto given = each.find("metadata");
    if (given != each.end() && !given->is_null()) {
      if (!given->is_string()) return bad_request(where + ".metadata must be a string or null");
      metadata = given->get<std::string>();
    }
    std::string name = topic->get<std::string>();
    auto found = context.topics.find_topic(name);
    if (!found) {
      return problem(404, "unknown-topic", "Unknown topic",
                     fmt::format("{} names topic '{}', which does not exist; nothing was "
                                 "committed",
                                 where, name),
                     {{"topic", name}});
    }
    if (**partition >= found->partition_count) {
      return problem(404, "unknown-partition", "Unknown partition",
                     fmt::format("{}: topic '{}' has partitions 0 to {}; there is no partition "
                                 "{}; nothing was committed",
                                 where, name, found->partition_count - 1, **partition),
                     {{"topic", name}, {"partition", **partition}});
    }
    offsets.push_back({.topic = std::move(name),
                       .partition = static_cast<int32_t>(**partition),
                       .committed_offset = **offset,
                       .metadata = std::move(metadata)});
  }
  return offsets;
}

void commit(http_context& context, const http_request& request, responder respond) {
  const std::string& group_id = request.param("group");
  auto checked = offsets_to_commit(context, request);
  if (auto* refusal = std::get_if<http_response>(&checked)) return respond(std::move(*refusal));
  groups::group_description group = describe_group(context, group_id);
  if (!group.members.empty()) return respond(group_has_members(group));
  auto offsets = std::get<std::vector<groups::offset_to_commit>>(std::move(checked));
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& each : offsets) {
    rows.push_back({{"topic", each.topic},
                    {"partition", each.partition},
                    {"offset", each.committed_offset},
                    {"metadata", each.metadata ? nlohmann::json(*each.metadata) : nullptr}});
  }
  context.groups.commit_offsets(
      {.group_id = group_id, .generation_id = -1, .offsets = std::move(offsets)},
      [group_id, rows = std::move(rows),
       respond = std::move(respond)](std::vector<std::error_code> errors) mutable {
        for (const std::error_code& code : errors) {
          if (code) return respond(group_problem(code, group_id));
        }
        respond(json_response(200, {{"group_id", group_id}, {"offsets", std::move(rows)}}));
      });
}

}  // namespace

groups::group_description describe_group(http_context& context, const std::string& group_id) {
  std::vector<groups::group_description> described = context.groups.describe_groups({group_id});
  if (described.empty()) return {.group_id = group_id, .state = groups::group_state::dead};
  return std::move(described.front());
}

void add_group_routes(router& routes, http_context& context) {
  routes.add(verb::get, "/v1/groups", [&context](const http_request&, responder respond) {
    list_groups(context, std::move(respond));
  });
  routes.add(verb::get, "/v1/groups/{group}",
             [&context](const http_request& request, responder respond) {
               describe(context, request.param("group"), std::move(respond));
             });
  routes.add(verb::delete_, "/v1/groups/{group}",
             [&context](const http_request& request, responder respond) {
               delete_group(context, request.param("group"), std::move(respond));
             });
  routes.add(verb::post, "/v1/groups/{group}/offsets",
             [&context](const http_request& request, responder respond) {
               commit(context, request, std::move(respond));
             });
  add_group_reset_route(routes, context);
  add_group_consume_route(routes, context);
}

}  // namespace eventioz::http
