// Folding events through a reducer in tests: events as (type, data) pairs, versions 0, 1, ...
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "eventstore/reducer.h"

namespace eventioz::eventstore::reducer_testing {

struct test_event {
  std::string type;
  nlohmann::json data;
};

// The state after folding `events` from the reducer's initial state, or the first error.
inline result<nlohmann::json> fold(const reducer& folding, const std::vector<test_event>& events) {
  nlohmann::json state = folding.initial_state();
  int64_t version = 0;
  for (const auto& event : events) {
    event_view view{"stream-1", version++, event.type, event.data, 1'700'000'000'000};
    EVENTIOZ_RETURN_IF_ERROR(folding.apply(state, view));
  }
  return state;
}

}  // namespace eventioz::eventstore::reducer_testing
