// The "rules" reducer: declarative per-event-type operations (rule_operation.h), enough to
// model an account, a cart or an order without code. Its spec (reducer_spec.h):
//   {"type": "rules", "initial": {...}, "on": {"<event type>": [<operation>...], "*": [...]},
//    "unknown_types": "ignore" | "error"}
// An event runs the operations listed for its type, in order; a type that is not listed runs
// those of "*" instead; a type in neither is ignored, or an error with "unknown_types": "error".
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/reducer.h"
#include "eventstore/rule_operation.h"

namespace eventioz::eventstore {

class rules_reducer final : public reducer {
 public:
  // errc::invalid_reducer naming the spec path ("on.Deposited[0]: ...").
  static result<std::shared_ptr<const rules_reducer>> make(const nlohmann::json& spec);

  // "rules:" + 16 lower-case hex digits of FNV-1a 64 over the spec's dump() (members sorted):
  // the same spec gives the same identity in every process and build (do not change).
  const std::string& identity() const override { return _identity; }
  nlohmann::json initial_state() const override { return _initial; }
  // errc::reducer_failed "event version 3 (type 'Withdrawn'): on.Withdrawn[0] decrement
  // /balance: the event's data has no '/amount'".
  status apply(nlohmann::json& state, const event_view& event) const override;

 private:
  rules_reducer() = default;
  rules_reducer(const rules_reducer&) = delete;  // _fallback points into _on
  rules_reducer& operator=(const rules_reducer&) = delete;

  std::string _identity;
  nlohmann::json _initial;
  std::map<std::string, std::vector<rule_operation>, std::less<>> _on;
  const std::vector<rule_operation>* _fallback = nullptr;  // the operations of "*", if any
  bool _unknown_types_are_errors = false;
};

// FNV-1a 64 of `bytes` (the rules identity's hash; exposed for its test).
uint64_t fnv1a_64(std::string_view bytes);

}  // namespace eventioz::eventstore
