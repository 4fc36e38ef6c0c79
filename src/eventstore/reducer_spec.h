// Building a reducer from its spec, the JSON a store or projection is configured with
// (docs/event-store.md#reducers):
//   "merge-patch"                                  (or {"type": "merge-patch"})
//   {"type": "rules", "initial": {...}, "on": {"<event type>": [<operation>...], "*": [...]},
//    "unknown_types": "ignore" | "error"}
//   {"type": "function", "name": "<registered name>"}
// Operations of "rules" (paths are JSON pointers, RFC 6901; "from" points into the event's
// data, "" = the whole data):
//   {"set": "/path", "value": V} | {"set": "/path", "from": "/ptr"}
//   {"increment": "/path", "by": N | "/ptr"}    {"decrement": "/path", "by": N | "/ptr"}
//   {"append": "/array", "value": V | "from": "/ptr"}
//   {"remove": "/path"}                        (the member, or an array element by index)
//   {"remove": "/array", "where": {"<field>": "/ptr", ...}} (elements whose fields equal)
//   {"merge": "/path", "from": "/ptr"}        (RFC 7396 merge patch at /path)
// A missing target of increment starts at 0; of append, at [].
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "base/result.h"
#include "eventstore/reducer.h"
#include "eventstore/reducer_registry.h"

namespace eventioz::eventstore {

// errc::invalid_reducer with a message naming the faulty part (e.g. "on.Deposited[0]: unknown
// operation 'incr'; use set, increment, decrement, append, remove or merge").
result<std::shared_ptr<const reducer>> make_reducer(const nlohmann::json& spec,
                                                    const reducer_registry& registry);

// The same from the spec's text (a topic config value): "merge-patch" or JSON.
result<std::shared_ptr<const reducer>> make_reducer(std::string_view spec_text,
                                                    const reducer_registry& registry);

}  // namespace eventioz::eventstore
