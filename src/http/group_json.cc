// Groups to JSON, and JSON bodies to checked values.
#include "http/group_json.h"

#include <fmt/format.h>

#include <algorithm>

#include "groups/consumer_protocol.h"

namespace eventioz::http {
namespace {

error invalid(std::string message) {
  return error(std::make_error_code(std::errc::invalid_argument), std::move(message));
}

nlohmann::json optional_string(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

nlohmann::json member_json(const groups::member_description& member, bool consumer_protocol) {
  nlohmann::json out = {{"member_id", member.member_id},
                        {"group_instance_id", optional_string(member.group_instance_id)},
                        {"client_id", member.client_id},
                        {"client_host", member.client_host},
                        {"assignments", nlohmann::json::array()}};
  if (!consumer_protocol) return out;
  auto assignment = groups::decode_consumer_assignment(member.assignment);
  if (!assignment) {
    // A client sent bytes we cannot read: show the member, say why its assignment is missing.
    out["assignment_error"] = assignment.error_value().message();
    return out;
  }
  for (const groups::assigned_partitions& topic : assignment->topics) {
    std::vector<int32_t> partitions = topic.partitions;
    std::sort(partitions.begin(), partitions.end());
    out["assignments"].push_back({{"topic", topic.topic}, {"partitions", partitions}});
  }
  return out;
}

}  // namespace

nlohmann::json group_listing_json(const groups::group_listing& group, size_t members) {
  return {{"group_id", group.group_id},
          {"state", groups::state_name(group.state)},
          {"protocol_type", group.protocol_type},
          {"members", members}};
}

nlohmann::json group_description_json(const groups::group_description& group,
                                      const std::vector<offset_with_lag>& offsets) {
  bool consumer_protocol = group.protocol_type == "consumer";
  nlohmann::json members = nlohmann::json::array();
  for (const auto& member : group.members)
    members.push_back(member_json(member, consumer_protocol));
  nlohmann::json rows = nlohmann::json::array();
  int64_t total_lag = 0;
  for (const offset_with_lag& each : offsets) {
    nlohmann::json lag = nullptr;
    if (each.high_watermark) {
      int64_t behind = std::max<int64_t>(0, *each.high_watermark - each.committed_offset);
      lag = behind;
      total_lag += behind;
    }
    rows.push_back({{"topic", each.topic},
                    {"partition", each.partition},
                    {"committed_offset", each.committed_offset},
                    {"high_watermark", each.high_watermark ? nlohmann::json(*each.high_watermark)
                                                           : nlohmann::json(nullptr)},
                    {"lag", lag},
                    {"metadata", optional_string(each.metadata)}});
  }
  return {{"group_id", group.group_id},
          {"state", groups::state_name(group.state)},
          {"protocol_type", group.protocol_type},
          {"protocol", group.protocol_name},
          {"members", std::move(members)},
          {"offsets", std::move(rows)},
          {"total_lag", total_lag}};
}

result<std::optional<int64_t>> integer_member(const nlohmann::json& object, const char* name,
                                              const std::string& what, int64_t low, int64_t high,
                                              bool required) {
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) {
    if (required) return invalid(fmt::format("{} is missing; give a whole number", what));
    return std::optional<int64_t>();
  }
  bool in_range = false;
  int64_t value = 0;
  if (found->is_number_unsigned()) {
    uint64_t unsigned_value = found->get<uint64_t>();
    in_range = unsigned_value <= static_cast<uint64_t>(high);
    value = static_cast<int64_t>(std::min<uint64_t>(unsigned_value, INT64_MAX));
  } else if (found->is_number_integer()) {
    value = found->get<int64_t>();
    in_range = value >= low && value <= high;
  } else {
    return invalid(fmt::format("{} must be a whole number, not {}", what, found->type_name()));
  }
  if (!in_range || value < low) {
    return invalid(fmt::format("{} must be from {} to {}, not {}", what, low, high, found->dump()));
  }
  return std::optional<int64_t>(value);
}

}  // namespace eventioz::http
