// POST /v1/groups/{group}/reset-offsets: moves a group's committed offsets for one topic, as
// `eventioz group reset-offsets` and Kafka's kafka-consumer-groups --reset-offsets do. Refused
// while the group has members (their next commit would overwrite the reset); with "dry_run"
// it answers the plan and writes nothing. The plan comes from group_offsets_reset.h, from what
// the partitions say now (log start, high watermark, offset for a time).
#include <fmt/format.h>

#include <algorithm>

#include "http/error_mapping.h"
#include "http/group_errors.h"
#include "http/group_json.h"
#include "http/group_offsets_reset.h"
#include "http/group_routes.h"
#include "http/request_json.h"

namespace eventioz::http {
namespace {

struct reset_request {
  std::string topic;
  std::vector<int32_t> partitions;  // sorted, unique, each existing
  reset_target target;
  bool dry_run = false;
};

std::variant<reset_request, http_response> parse_reset(http_context& context,
                                                       const http_request& request) {
  auto body = parse_json_object(request.message.body(), {"topic", "to", "partitions", "dry_run"});
  if (!body) return error_response(body.error_value());
  reset_request out;
  auto topic = body->find("topic");
  if (topic == body->end() || !topic->is_string() || topic->get<std::string>().empty()) {
    return bad_request("\"topic\" must name the topic whose offsets move (a non-empty string)");
  }
  out.topic = topic->get<std::string>();
  auto to = body->find("to");
  if (to == body->end()) {
    return bad_request(
        "\"to\" is missing: give \"earliest\", \"latest\", {\"offset\": N}, {\"timestamp\": MS} "
        "or {\"shift_by\": N}");
  }
  auto target = parse_reset_target(*to);
  if (!target) return bad_request(target.error_value().message());
  out.target = *target;
  auto dry_run = body->find("dry_run");
  if (dry_run != body->end() && !dry_run->is_null()) {
    if (!dry_run->is_boolean()) return bad_request("\"dry_run\" must be true or false");
    out.dry_run = dry_run->get<bool>();
  }
  auto found = context.topics.find_topic(out.topic);
  if (!found) {
    return problem(
        404, "unknown-topic", "Unknown topic",
        fmt::format("topic '{}' does not exist; GET /v1/topics lists the topics", out.topic),
        {{"topic", out.topic}});
  }
  auto chosen = body->find("partitions");
  if (chosen == body->end() || chosen->is_null()) {
    for (int32_t index = 0; index < found->partition_count; ++index) {
      out.partitions.push_back(index);
    }
    return out;
  }
  if (!chosen->is_array() || chosen->empty()) {
    return bad_request(
        "\"partitions\" must be a non-empty array of partition numbers (or left "
        "out for every partition)");
  }
  for (const nlohmann::json& each : *chosen) {
    if (!each.is_number_integer() || each.get<int64_t>() < 0 ||
        each.get<int64_t>() >= found->partition_count) {
      return problem(404, "unknown-partition", "Unknown partition",
                     fmt::format("topic '{}' has partitions 0 to {}; {} is none of them", out.topic,
                                 found->partition_count - 1, each.dump()),
                     {{"topic", out.topic}});
    }
    out.partitions.push_back(each.get<int32_t>());
  }
  std::sort(out.partitions.begin(), out.partitions.end());
  out.partitions.erase(std::unique(out.partitions.begin(), out.partitions.end()),
                       out.partitions.end());
  return out;
}

// What each chosen partition holds now, and the group's committed offset there.
result<std::vector<partition_position>> positions_of(http_context& context,
                                                     const std::string& group_id,
                                                     const reset_request& reset) {
  std::vector<groups::topic_partition_key> keys;
  for (int32_t index : reset.partitions) keys.push_back({reset.topic, index});
  std::vector<groups::fetched_offset> committed =
      context.groups.fetch_offsets(group_id, keys, false);
  std::vector<partition_position> positions;
  for (size_t i = 0; i < keys.size(); ++i) {
    EVENTIOZ_TRY(auto partition, context.topics.get_partition(reset.topic, keys[i].partition));
    partition_position position{.partition = keys[i].partition,
                                .log_start = partition->log().log_start_offset().value(),
                                .log_end = partition->high_watermark().value()};
    if (i < committed.size() && committed[i].value.committed_offset >= 0) {
      position.committed = committed[i].value.committed_offset;
    }
    if (reset.target.to == reset_target::kind::timestamp) {
      EVENTIOZ_TRY(auto at, partition->log().offset_for_timestamp(reset.target.value));
      if (at) position.at_timestamp = at->value();
    }
    positions.push_back(position);
  }
  return positions;
}

void reset_offsets(http_context& context, const http_request& request, responder respond) {
  const std::string& group_id = request.param("group");
  auto parsed = parse_reset(context, request);
  if (auto* refusal = std::get_if<http_response>(&parsed)) return respond(std::move(*refusal));
  const reset_request& reset = std::get<reset_request>(parsed);
  groups::group_description group = describe_group(context, group_id);
  if (!group.members.empty()) return respond(group_has_members(group));
  auto positions = positions_of(context, group_id, reset);
  if (!positions) {
    return respond(problem(503, "partition-unavailable", "A partition could not be read",
                           fmt::format("reading topic '{}': {}; retry shortly", reset.topic,
                                       positions.error_value().message())));
  }
  auto plan = plan_offset_reset(*positions, reset.target);
  if (!plan) return respond(bad_request(plan.error_value().message()));
  nlohmann::json rows = nlohmann::json::array();
  std::vector<groups::offset_to_commit> offsets;
  for (const planned_offset& each : *plan) {
    rows.push_back({{"topic", reset.topic},
                    {"partition", each.partition},
                    {"from", each.from ? nlohmann::json(*each.from) : nullptr},
                    {"to", each.to}});
    offsets.push_back(
        {.topic = reset.topic, .partition = each.partition, .committed_offset = each.to});
  }
  if (reset.dry_run) {
    return respond(json_response(
        200, {{"group_id", group_id}, {"offsets", std::move(rows)}, {"executed", false}}));
  }
  context.groups.commit_offsets(
      {.group_id = group_id, .generation_id = -1, .offsets = std::move(offsets)},
      [group_id, rows = std::move(rows),
       respond = std::move(respond)](std::vector<std::error_code> errors) mutable {
        for (const std::error_code& code : errors) {
          if (code) return respond(group_problem(code, group_id));
        }
        respond(json_response(
            200, {{"group_id", group_id}, {"offsets", std::move(rows)}, {"executed", true}}));
      });
}

}  // namespace

void add_group_reset_route(router& routes, http_context& context) {
  routes.add(verb::post, "/v1/groups/{group}/reset-offsets",
             [&context](const http_request& request, responder respond) {
               reset_offsets(context, request, std::move(respond));
             });
}

}  // namespace eventioz::http
