// A reducer folds a stream's events, in version order, into the stream's state:
//   state = apply(...apply(apply(initial_state(), event 0), event 1)..., event n)
// Three kinds (reducer_spec.h builds one from its JSON spec):
//   - "merge-patch": each event's data is an RFC 7396 JSON merge patch on the state;
//   - "rules": declarative per-event-type operations (set, increment, append, remove, ...);
//   - "function": a C++ function registered by name (reducer_registry.h), for services that
//     embed the event store.
// Reducers are pure: the same events always give the same state, which is what lets snapshots
// stand in for a fold from the start. Thread-safe (const after construction).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"

namespace eventioz::eventstore {

// One event as a reducer sees it. `data` is the parsed JSON payload (null for a payload that
// is empty or not JSON).
struct event_view {
  std::string_view stream;
  int64_t version = 0;
  std::string_view type;
  const nlohmann::json& data;
  int64_t timestamp_ms = 0;
};

class reducer {
 public:
  virtual ~reducer() = default;

  // Names this reducer and its configuration: snapshots made by one reducer are only used by
  // a reducer with the same identity. Stable across restarts and builds (stored with
  // snapshots: do not change how it is derived).
  virtual const std::string& identity() const = 0;
  virtual nlohmann::json initial_state() const = 0;
  // Applies one event to `state`. An error (errc::reducer_failed) says which event (version,
  // type) and why (e.g. "increment /balance: the event's /amount is not a number").
  virtual status apply(nlohmann::json& state, const event_view& event) const = 0;
};

}  // namespace eventioz::eventstore
