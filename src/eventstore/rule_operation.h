// One operation of a "rules" reducer (reducer_spec.h has the grammar): parsed once from the
// spec, then applied to the state for each event of its type.
//
//   set        /path  value V | from /ptr     the value at /path (intermediate objects made)
//   increment  /path  by N | by /ptr          adds a number (a missing target starts at 0)
//   decrement  /path  by N | by /ptr          subtracts a number (a missing target starts at 0)
//   append     /array value V | from /ptr     pushes onto an array (a missing one starts at [])
//   remove     /path                          removes a member or an array element (if there)
//   remove     /array where {field: /ptr}     removes the elements whose fields equal the event's
//   merge      /path  from /ptr               RFC 7396 merge patch of the event's value at /path
//
// Paths and pointers are JSON pointers (RFC 6901), "/path" into the state and "/ptr" into the
// event's data ("" is the whole data). Integers stay integers: increment and decrement of two
// integers give an integer (an overflow of 64 bits is an error), otherwise a double.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "eventstore/reducer.h"

namespace eventioz::eventstore {

// The value an operation uses: a constant from the spec, or a pointer into the event's data.
struct rule_operand {
  bool from_event = false;
  nlohmann::json constant;           // when !from_event
  std::vector<std::string> pointer;  // when from_event: the reference tokens of "/ptr"
  std::string pointer_text;          // "/ptr" as written, for messages
};

struct rule_operation {
  enum class kind { set, increment, decrement, append, remove, remove_where, merge };

  kind operation = kind::set;
  std::string name;               // "set", "increment", ... (for messages)
  std::vector<std::string> path;  // the reference tokens of the target in the state
  std::string path_text;          // "/path" as written
  rule_operand operand;           // set, increment, decrement, append, merge
  // remove_where: element member name -> the event's value it must equal.
  std::vector<std::pair<std::string, rule_operand>> where;
};

// Parses one operation. `spec_path` names it in errors (e.g. "on.Deposited[0]"):
// errc::invalid_reducer "on.Deposited[0]: increment needs \"by\": a number or a JSON pointer".
result<rule_operation> parse_rule_operation(const nlohmann::json& spec,
                                            const std::string& spec_path);

// Applies `operation` for `event`. errc::reducer_failed with what went wrong, without the
// event's version and type (rules_reducer adds them). On an error `state` may hold part of
// the change: a fold stops at its first error and discards the state.
status apply_rule_operation(const rule_operation& operation, nlohmann::json& state,
                            const event_view& event);

}  // namespace eventioz::eventstore
