// Reducers written in C++ by a service that embeds the event store, registered by name and
// then used by specs {"type": "function", "name": "..."} (reducer_spec.h).
//
// Thread-safe: registration and lookup may happen on any thread (a mutex).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "base/result.h"
#include "eventstore/reducer.h"

namespace eventioz::eventstore {

using reducer_function = std::function<status(nlohmann::json& state, const event_view& event)>;

class reducer_registry {
 public:
  // Registers (or replaces) `name`. `version` is part of the reducer's identity: bump it when
  // the function's behaviour changes so that old snapshots are not used.
  void add(std::string name, reducer_function apply, nlohmann::json initial_state = nullptr,
           int version = 1);
  // Null when no reducer has that name.
  std::shared_ptr<const reducer> find(const std::string& name) const;

 private:
  mutable std::mutex _mutex;
  std::map<std::string, std::shared_ptr<const reducer>> _reducers;
};

}  // namespace eventioz::eventstore
