// ListGroups: the groups this coordinator holds; v4 filters by state.
#include <strings.h>

#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_list_groups(request_context_ptr context) {
  auto request = decode_or_close<protocol::list_groups_request>(*context);
  if (!request) return;
  protocol::list_groups_response response;
  groups::group_coordinator* coordinator = context->broker.groups;
  if (coordinator == nullptr) {
    response.error_code = code_of(kafka_error::coordinator_not_available);
    return context->respond(response);
  }
  using groups::group_state;
  std::vector<group_state> states;
  for (const std::string& name : request->states_filter) {
    for (group_state state :
         {group_state::empty, group_state::preparing_rebalance, group_state::completing_rebalance,
          group_state::stable, group_state::dead}) {
      if (strcasecmp(name.c_str(), groups::state_name(state)) == 0) states.push_back(state);
    }
  }
  // A filter naming no state we know matches nothing.
  if (!request->states_filter.empty() && states.empty()) return context->respond(response);
  for (auto& listed : coordinator->list_groups(states)) {
    auto& group = response.groups.emplace_back();
    group.group_id = std::move(listed.group_id);
    group.protocol_type = std::move(listed.protocol_type);
    group.group_state = groups::state_name(listed.state);
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
