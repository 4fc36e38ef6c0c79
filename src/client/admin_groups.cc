// The admin client's consumer groups: finding a group's coordinator, listing, describing and
// deleting groups.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <thread>

#include "client/admin_client.h"
#include "client/kafka_error.h"

namespace eventioz::client {
namespace {

namespace protocol = kafka::protocol;

// FindCoordinator's key type for consumer groups. Wire value: do not change.
constexpr int8_t group_key_type = 0;

// The answers that mean "ask again, maybe elsewhere": the coordinator is starting, moving, or
// not yet elected (a broker creates __consumer_offsets on the first FindCoordinator).
bool coordinator_may_come_back(const error& failure) {
  return failure == kafka_errc::coordinator_load_in_progress ||
         failure == kafka_errc::coordinator_not_available || failure == kafka_errc::not_coordinator;
}

group_description described_from(const protocol::describe_groups_response::described_group& group,
                                 int32_t coordinator_id) {
  group_description description{
      group.group_id, group.group_state, group.protocol_type, group.protocol_data, {},
      coordinator_id};
  for (const auto& member : group.members) {
    group_member described{member.member_id, member.group_instance_id,
                           member.client_id, member.client_host,
                           std::nullopt,     std::nullopt};
    // Only the consumer protocol says what the assignment bytes hold (Connect workers, for
    // one, use their own layout).
    if (group.protocol_type == "consumer") {
      auto assignment = decode_member_assignment(member.member_assignment);
      if (assignment) {
        described.assignment = std::move(assignment).value();
      } else {
        described.assignment_error = std::move(assignment).error_value();
      }
    }
    description.members.push_back(std::move(described));
  }
  return description;
}

}  // namespace

result<std::pair<broker_connection*, int32_t>> admin_client::find_group_coordinator(
    const std::string& group_id) {
  EVENTIOZ_TRY(broker_connection * bootstrap, _pool->bootstrap());
  protocol::find_coordinator_request request;
  request.key = group_id;
  request.key_type = group_key_type;
  EVENTIOZ_TRY(auto response, bootstrap->send(request));
  if (response->error_code != 0) {
    return kafka_error(response->error_code,
                       fmt::format("finding the coordinator of group {}", group_id),
                       response->error_message);
  }
  if (_pool->metadata().broker(response->node_id) == nullptr) {
    EVENTIOZ_RETURN_IF_ERROR(_pool->refresh(std::vector<std::string>{}));
  }
  EVENTIOZ_TRY(broker_connection * coordinator, _pool->node(response->node_id));
  return std::pair{coordinator, response->node_id};
}

status admin_client::at_group_coordinator(
    const std::string& group_id,
    const std::function<status(broker_connection&, int32_t)>& attempt) {
  deadline until = client_clock::now() + _pool->options().request_timeout;
  auto pause = std::chrono::milliseconds(50);
  while (true) {
    auto coordinator = find_group_coordinator(group_id);
    status outcome = coordinator ? attempt(*coordinator->first, coordinator->second)
                                 : status(std::move(coordinator).error_value());
    if (outcome || !coordinator_may_come_back(outcome.error_value()) ||
        client_clock::now() + pause > until) {
      return outcome;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

result<std::vector<group_listing>> admin_client::list_groups() {
  // Each broker lists the groups it coordinates, so every broker is asked.
  EVENTIOZ_TRY(const cluster_metadata* metadata, _pool->refresh(std::vector<std::string>{}));
  std::vector<int32_t> node_ids;
  for (const broker_info& broker : metadata->brokers) node_ids.push_back(broker.node_id);
  std::map<std::string, group_listing> groups;
  for (int32_t node_id : node_ids) {
    EVENTIOZ_TRY(broker_connection * connection, _pool->node(node_id));
    EVENTIOZ_TRY(auto response, connection->send(protocol::list_groups_request{}));
    if (response->error_code != 0) {
      return kafka_error(response->error_code,
                         fmt::format("listing the groups of broker {}", node_id));
    }
    protocol::describe_groups_request stateless;
    for (const auto& listed : response->groups) {
      groups[listed.group_id] = {listed.group_id, listed.group_state, listed.protocol_type};
      if (response.version < 4) stateless.groups.push_back(listed.group_id);
    }
    if (stateless.groups.empty()) continue;
    // ListGroups before v4 has no states; the broker that lists a group coordinates it.
    EVENTIOZ_TRY(auto described, connection->send(stateless));
    for (const auto& group : described->groups) {
      if (group.error_code == 0 && groups.contains(group.group_id)) {
        groups[group.group_id].state = group.group_state;
      }
    }
  }
  std::vector<group_listing> sorted;
  for (auto& [id, listing] : groups) sorted.push_back(std::move(listing));
  return sorted;
}

result<group_description> admin_client::describe_group(const std::string& group_id) {
  group_description description;
  EVENTIOZ_RETURN_IF_ERROR(
      at_group_coordinator(group_id, [&](broker_connection& connection, int32_t node_id) -> status {
        protocol::describe_groups_request request;
        request.groups = {group_id};
        EVENTIOZ_TRY(auto response, connection.send(request));
        for (const auto& group : response->groups) {
          if (group.group_id != group_id) continue;
          if (group.error_code != 0) {
            return kafka_error(group.error_code, fmt::format("describing group {}", group_id));
          }
          description = described_from(group, node_id);
          return ok_status();
        }
        return error(errc::protocol_violation,
                     fmt::format("describing group {}: the broker's answer omits it", group_id));
      }));
  return description;
}

result<std::vector<status>> admin_client::delete_groups(const std::vector<std::string>& group_ids) {
  std::vector<status> outcomes;
  // One request per group: groups may have different coordinators, and a user deletes few.
  for (const std::string& group_id : group_ids) {
    status deleted =
        at_group_coordinator(group_id, [&](broker_connection& connection, int32_t) -> status {
          protocol::delete_groups_request request;
          request.groups_names = {group_id};
          EVENTIOZ_TRY(auto response, connection.send(request));
          for (const auto& answer : response->results) {
            if (answer.group_id != group_id) continue;
            if (answer.error_code == 0) return ok_status();
            return kafka_error(answer.error_code, fmt::format("deleting group {}", group_id));
          }
          return error(errc::protocol_violation,
                       fmt::format("deleting group {}: the broker's answer omits it", group_id));
        });
    // A broken connection or a broker without the API fails every group alike: stop there.
    if (!deleted &&
        deleted.error_value().code().category() != kafka::protocol::error_code_category()) {
      return std::move(deleted).error_value();
    }
    outcomes.push_back(std::move(deleted));
  }
  return outcomes;
}

}  // namespace eventioz::client
