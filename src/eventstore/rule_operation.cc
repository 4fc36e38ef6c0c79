// Parsing one rules operation from its spec, and applying it to a state for an event.
#include "eventstore/rule_operation.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "eventstore/errc.h"
#include "eventstore/json_path.h"
#include "eventstore/merge_patch_reducer.h"

namespace eventioz::eventstore {
namespace {

using json = nlohmann::json;

struct operation_name {
  std::string_view name;
  rule_operation::kind operation;
  std::array<std::string_view, 2> members;  // the members it takes besides its own ("" = none)
};

constexpr std::array<operation_name, 6> operation_names{{
    {"set", rule_operation::kind::set, {"value", "from"}},
    {"increment", rule_operation::kind::increment, {"by", ""}},
    {"decrement", rule_operation::kind::decrement, {"by", ""}},
    {"append", rule_operation::kind::append, {"value", "from"}},
    {"remove", rule_operation::kind::remove, {"where", ""}},
    {"merge", rule_operation::kind::merge, {"from", ""}},
}};

constexpr std::string_view operation_list = "set, increment, decrement, append, remove or merge";

error invalid(const std::string& spec_path, const std::string& why) {
  return error(errc::invalid_reducer, fmt::format("{}: {}", spec_path, why));
}

std::string shown(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

result<rule_operand> parse_pointer_operand(const json& value, const std::string& spec_path,
                                           std::string_view member) {
  if (!value.is_string()) {
    return invalid(spec_path, fmt::format("\"{}\" must be a JSON pointer into the event's data "
                                          "(a string like \"/amount\"; \"\" is the whole data), "
                                          "not {}",
                                          member, shown(value)));
  }
  auto tokens = parse_json_path(value.get_ref<const std::string&>());
  if (!tokens.ok()) {
    return invalid(spec_path, fmt::format("\"{}\": {}", member, tokens.error_value().message()));
  }
  rule_operand operand;
  operand.from_event = true;
  operand.pointer = std::move(tokens).value();
  operand.pointer_text = value.get<std::string>();
  return operand;
}

result<rule_operand> parse_value_or_from(const json& spec, const std::string& spec_path,
                                         std::string_view name) {
  bool has_value = spec.contains("value");
  bool has_from = spec.contains("from");
  if (has_value == has_from) {
    return invalid(spec_path, fmt::format("{} needs exactly one of \"value\" (a constant) or "
                                          "\"from\" (a JSON pointer into the event's data)",
                                          name));
  }
  if (has_from) return parse_pointer_operand(spec["from"], spec_path, "from");
  rule_operand operand;
  operand.constant = spec["value"];
  return operand;
}

result<rule_operand> parse_by(const json& spec, const std::string& spec_path,
                              std::string_view name) {
  auto by = spec.find("by");
  if (by == spec.end() || !(by->is_number() || by->is_string())) {
    return invalid(spec_path, fmt::format("{} needs \"by\": a number or a JSON pointer to a "
                                          "number in the event's data (e.g. \"/amount\")",
                                          name));
  }
  if (by->is_string()) return parse_pointer_operand(*by, spec_path, "by");
  rule_operand operand;
  operand.constant = *by;
  return operand;
}

status parse_where(const json& where, const std::string& spec_path, rule_operation& operation) {
  if (!where.is_object() || where.empty()) {
    return invalid(spec_path,
                   "\"where\" must be a non-empty object of element member -> JSON "
                   "pointer into the event's data, e.g. {\"sku\": \"/sku\"}");
  }
  for (auto member = where.begin(); member != where.end(); ++member) {
    EVENTIOZ_TRY(rule_operand operand,
                 parse_pointer_operand(*member, spec_path, "where." + member.key()));
    operation.where.emplace_back(member.key(), std::move(operand));
  }
  operation.operation = rule_operation::kind::remove_where;
  return ok_status();
}

// Which operation `spec` is, refusing none, several, or members the operation does not take.
result<const operation_name*> identify(const json& spec, const std::string& spec_path) {
  const operation_name* found = nullptr;
  for (const auto& candidate : operation_names) {
    if (!spec.contains(candidate.name)) continue;
    if (found != nullptr) {
      return invalid(spec_path, fmt::format("both '{}' and '{}': one operation per object",
                                            found->name, candidate.name));
    }
    found = &candidate;
  }
  if (found == nullptr) {
    if (spec.empty()) {
      return invalid(spec_path, fmt::format("no operation; use {}", operation_list));
    }
    return invalid(spec_path, fmt::format("unknown operation '{}'; use {}", spec.begin().key(),
                                          operation_list));
  }
  for (auto member = spec.begin(); member != spec.end(); ++member) {
    const std::string& key = member.key();
    if (key == found->name || key == found->members[0] ||
        (!found->members[1].empty() && key == found->members[1])) {
      continue;
    }
    std::string takes = found->members[1].empty()
                            ? fmt::format("\"{}\"", found->members[0])
                            : fmt::format("\"{}\" or \"{}\"", found->members[0], found->members[1]);
    return invalid(spec_path,
                   fmt::format("{} does not take \"{}\" (it takes {})", found->name, key, takes));
  }
  return found;
}

}  // namespace

result<rule_operation> parse_rule_operation(const json& spec, const std::string& spec_path) {
  if (!spec.is_object()) {
    return invalid(spec_path, fmt::format("an operation must be an object like {{\"set\": "
                                          "\"/path\", \"value\": 1}}, not {}",
                                          shown(spec)));
  }
  EVENTIOZ_TRY(const operation_name* name, identify(spec, spec_path));
  rule_operation operation;
  operation.operation = name->operation;
  operation.name = std::string(name->name);
  const json& path = spec[std::string(name->name)];
  if (!path.is_string()) {
    return invalid(spec_path, fmt::format("{} takes a JSON pointer into the state (e.g. "
                                          "\"/balance\"), not {}",
                                          name->name, shown(path)));
  }
  auto tokens = parse_json_path(path.get_ref<const std::string&>());
  if (!tokens.ok()) {
    return invalid(spec_path, fmt::format("{}: {}", name->name, tokens.error_value().message()));
  }
  operation.path = std::move(tokens).value();
  operation.path_text = path.get<std::string>();

  switch (operation.operation) {
    case rule_operation::kind::set:
    case rule_operation::kind::append: {
      EVENTIOZ_TRY(operation.operand, parse_value_or_from(spec, spec_path, name->name));
      break;
    }
    case rule_operation::kind::increment:
    case rule_operation::kind::decrement: {
      EVENTIOZ_TRY(operation.operand, parse_by(spec, spec_path, name->name));
      break;
    }
    case rule_operation::kind::merge: {
      if (!spec.contains("from")) {
        return invalid(spec_path,
                       "merge needs \"from\": a JSON pointer into the event's data "
                       "(the merge patch; \"\" is the whole data)");
      }
      EVENTIOZ_TRY(operation.operand, parse_pointer_operand(spec["from"], spec_path, "from"));
      break;
    }
    case rule_operation::kind::remove:
    case rule_operation::kind::remove_where: {
      if (operation.path.empty()) {
        return invalid(spec_path,
                       "remove needs a path below the root (the state itself cannot "
                       "be removed; use set \"\" to replace it)");
      }
      if (spec.contains("where")) {
        EVENTIOZ_RETURN_IF_ERROR(parse_where(spec["where"], spec_path, operation));
      }
      break;
    }
  }
  return operation;
}

namespace {

result<const json*> resolve(const rule_operand& operand, const event_view& event) {
  if (!operand.from_event) return &operand.constant;
  const json* found = find_json(event.data, operand.pointer);
  if (found == nullptr) {
    return error(errc::reducer_failed,
                 fmt::format("the event's data has no '{}'", operand.pointer_text));
  }
  return found;
}

bool fits_int64(const json& number) {
  constexpr auto int64_max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  return number.is_number_integer() &&
         (!number.is_number_unsigned() || number.get<uint64_t>() <= int64_max);
}

// current + delta (or current - delta): two integers give an integer, anything else a double.
result<json> add_numbers(const json& current, const json& delta, bool subtract) {
  if (fits_int64(current) && fits_int64(delta)) {
    int64_t sum = 0;
    bool overflow =
        subtract ? __builtin_sub_overflow(current.get<int64_t>(), delta.get<int64_t>(), &sum)
                 : __builtin_add_overflow(current.get<int64_t>(), delta.get<int64_t>(), &sum);
    if (overflow) {
      return error(errc::reducer_failed,
                   fmt::format("{} {} {} overflows a 64-bit integer", current.get<int64_t>(),
                               subtract ? '-' : '+', delta.get<int64_t>()));
    }
    return json(sum);
  }
  double sum = subtract ? current.get<double>() - delta.get<double>()
                        : current.get<double>() + delta.get<double>();
  if (!std::isfinite(sum)) {
    return error(errc::reducer_failed, "the result is not a finite number");
  }
  return json(sum);
}

status apply_arithmetic(const rule_operation& operation, json& state, const json& by) {
  if (!by.is_number()) {
    return error(errc::reducer_failed,
                 fmt::format("\"by\" ('{}') is {}, not a number", operation.operand.pointer_text,
                             json_type_phrase(by)));
  }
  EVENTIOZ_TRY(json * target, reach_json(state, operation.path));
  if (target->is_null()) *target = 0;
  if (!target->is_number()) {
    return error(errc::reducer_failed, fmt::format("the state's '{}' is {}, not a number",
                                                   operation.path_text, json_type_phrase(*target)));
  }
  EVENTIOZ_TRY(*target,
               add_numbers(*target, by, operation.operation == rule_operation::kind::decrement));
  return ok_status();
}

status apply_remove(const rule_operation& operation, json& state) {
  json_path parent_path(operation.path.begin(), operation.path.end() - 1);
  // Looked up read-only first: removing what is not there changes nothing (no objects made).
  const json* parent = find_json(state, parent_path);
  if (parent == nullptr) return ok_status();  // nothing there to remove
  const std::string& last = operation.path.back();
  if (parent->is_object()) {
    if (!parent->contains(last)) return ok_status();
    EVENTIOZ_TRY(json * writable, reach_json(state, parent_path));
    writable->erase(last);
  } else if (parent->is_array()) {
    auto index = json_array_index(last);
    if (!index || *index >= parent->size()) return ok_status();
    EVENTIOZ_TRY(json * writable, reach_json(state, parent_path));
    writable->erase(*index);
  }
  return ok_status();
}

status apply_remove_where(const rule_operation& operation, json& state, const event_view& event) {
  std::vector<std::pair<const std::string*, const json*>> wanted;
  for (const auto& [member, operand] : operation.where) {
    EVENTIOZ_TRY(const json* value, resolve(operand, event));
    wanted.emplace_back(&member, value);
  }
  const json* found = find_json(state, operation.path);
  if (found == nullptr || found->is_null()) return ok_status();
  if (!found->is_array()) {
    return error(errc::reducer_failed, fmt::format("the state's '{}' is {}, not an array",
                                                   operation.path_text, json_type_phrase(*found)));
  }
  EVENTIOZ_TRY(json * target, reach_json(state, operation.path));
  auto& elements = target->get_ref<json::array_t&>();
  std::erase_if(elements, [&](const json& element) {
    if (!element.is_object()) return false;
    return std::all_of(wanted.begin(), wanted.end(), [&](const auto& condition) {
      auto member = element.find(*condition.first);
      return member != element.end() && *member == *condition.second;
    });
  });
  return ok_status();
}

status apply_operation(const rule_operation& operation, json& state, const event_view& event) {
  switch (operation.operation) {
    case rule_operation::kind::set: {
      EVENTIOZ_TRY(const json* value, resolve(operation.operand, event));
      EVENTIOZ_TRY(json * target, reach_json(state, operation.path));
      *target = *value;
      return ok_status();
    }
    case rule_operation::kind::increment:
    case rule_operation::kind::decrement: {
      EVENTIOZ_TRY(const json* by, resolve(operation.operand, event));
      return apply_arithmetic(operation, state, *by);
    }
    case rule_operation::kind::append: {
      EVENTIOZ_TRY(const json* value, resolve(operation.operand, event));
      EVENTIOZ_TRY(json * target, reach_json(state, operation.path));
      if (target->is_null()) *target = json::array();
      if (!target->is_array()) {
        return error(errc::reducer_failed,
                     fmt::format("the state's '{}' is {}, not an array", operation.path_text,
                                 json_type_phrase(*target)));
      }
      target->push_back(*value);
      return ok_status();
    }
    case rule_operation::kind::remove:
      return apply_remove(operation, state);
    case rule_operation::kind::remove_where:
      return apply_remove_where(operation, state, event);
    case rule_operation::kind::merge: {
      EVENTIOZ_TRY(const json* patch, resolve(operation.operand, event));
      EVENTIOZ_TRY(json * target, reach_json(state, operation.path));
      apply_merge_patch(*target, *patch);
      return ok_status();
    }
  }
  return ok_status();
}

}  // namespace

status apply_rule_operation(const rule_operation& operation, json& state, const event_view& event) {
  // Everything above avoids throwing; this catch is the module's boundary for anything
  // nlohmann might still throw (e.g. a type error), so that no exception escapes.
  try {
    return apply_operation(operation, state, event);
  } catch (const json::exception& thrown) {
    return error(errc::reducer_failed, thrown.what());
  }
}

}  // namespace eventioz::eventstore
