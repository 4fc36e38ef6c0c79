// The "merge-patch" reducer: each event's data is an RFC 7396 JSON merge patch applied to the
// state, starting from {}. The simplest way to keep an aggregate's state: an event carries the
// fields that changed, null removes a field.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "eventstore/reducer.h"

namespace eventioz::eventstore {

// RFC 7396 section 2: applies `patch` to `target` in place. A patch that is not an object
// replaces the target; an object patch merges member by member, null removing a member.
// Iterative (an explicit stack), so a deeply nested patch cannot exhaust the thread's stack.
// REQUIRES: `patch` is not part of `target`.
void apply_merge_patch(nlohmann::json& target, const nlohmann::json& patch);

class merge_patch_reducer final : public reducer {
 public:
  const std::string& identity() const override;   // "merge-patch" (do not change)
  nlohmann::json initial_state() const override;  // {}
  // Never fails: every JSON value is a valid merge patch (a non-JSON payload is null, which
  // replaces the state with null, as RFC 7396 says for a null patch).
  status apply(nlohmann::json& state, const event_view& event) const override;
};

}  // namespace eventioz::eventstore
