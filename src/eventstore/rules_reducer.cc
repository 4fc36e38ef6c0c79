// Parsing a "rules" spec into per-type operation lists, and running them for each event.
#include "eventstore/rules_reducer.h"

#include <fmt/format.h>

#include "eventstore/errc.h"
#include "eventstore/json_path.h"

namespace eventioz::eventstore {
namespace {

using json = nlohmann::json;

error invalid(const std::string& why) { return error(errc::invalid_reducer, why); }

status check_members(const json& spec) {
  for (auto member = spec.begin(); member != spec.end(); ++member) {
    const std::string& key = member.key();
    if (key != "type" && key != "initial" && key != "on" && key != "unknown_types") {
      return invalid(
          fmt::format("a rules spec has no member '{}' (it takes \"type\", "
                      "\"initial\", \"on\" and \"unknown_types\")",
                      key));
    }
  }
  return ok_status();
}

result<bool> parse_unknown_types(const json& spec) {
  auto found = spec.find("unknown_types");
  if (found == spec.end()) return false;
  if (*found == "ignore") return false;
  if (*found == "error") return true;
  return invalid(
      fmt::format("unknown_types: must be \"ignore\" (the default: events of types "
                  "not in \"on\" leave the state as it is) or \"error\", not {}",
                  found->dump(-1, ' ', false, json::error_handler_t::replace)));
}

}  // namespace

uint64_t fnv1a_64(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;  // the FNV-1a 64 offset basis
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;  // the FNV 64-bit prime
  }
  return hash;
}

result<std::shared_ptr<const rules_reducer>> rules_reducer::make(const json& spec) {
  if (!spec.is_object()) return invalid("a rules spec must be a JSON object");
  EVENTIOZ_RETURN_IF_ERROR(check_members(spec));
  std::shared_ptr<rules_reducer> made(new rules_reducer());
  made->_initial = spec.contains("initial") ? spec["initial"] : json::object();
  EVENTIOZ_TRY(made->_unknown_types_are_errors, parse_unknown_types(spec));

  auto on = spec.find("on");
  if (on == spec.end() || !on->is_object()) {
    return invalid(
        "on: a rules spec needs \"on\", an object of event type -> list of "
        "operations, e.g. {\"Deposited\": [{\"increment\": \"/balance\", \"by\": "
        "\"/amount\"}]}");
  }
  for (auto type = on->begin(); type != on->end(); ++type) {
    std::string type_path = fmt::format("on.{}", type.key());
    if (!type->is_array()) {
      return invalid(fmt::format("{}: must be a list of operations, not {}", type_path,
                                 json_type_phrase(*type)));
    }
    std::vector<rule_operation> operations;
    operations.reserve(type->size());
    for (size_t i = 0; i < type->size(); ++i) {
      EVENTIOZ_TRY(rule_operation operation,
                   parse_rule_operation((*type)[i], fmt::format("{}[{}]", type_path, i)));
      operations.push_back(std::move(operation));
    }
    made->_on.emplace(type.key(), std::move(operations));
  }
  auto fallback = made->_on.find("*");
  if (fallback != made->_on.end()) made->_fallback = &fallback->second;

  // Parsed specs hold valid UTF-8, which "replace" dumps unchanged; it only keeps a spec built
  // in code with bad bytes from throwing.
  std::string canonical = spec.dump(-1, ' ', false, json::error_handler_t::replace);
  made->_identity = fmt::format("rules:{:016x}", fnv1a_64(canonical));
  return std::shared_ptr<const rules_reducer>(std::move(made));
}

status rules_reducer::apply(json& state, const event_view& event) const {
  const std::vector<rule_operation>* operations = _fallback;
  std::string_view listed_as = "*";
  auto found = _on.find(event.type);
  if (found != _on.end()) {
    operations = &found->second;
    listed_as = event.type;
  }
  if (operations == nullptr) {
    if (!_unknown_types_are_errors) return ok_status();
    return error(errc::reducer_failed,
                 fmt::format("event version {} (type '{}'): the reducer has no rules for this "
                             "type and \"unknown_types\" is \"error\" (add the type, or \"*\", "
                             "to \"on\")",
                             event.version, event.type));
  }
  for (size_t i = 0; i < operations->size(); ++i) {
    const rule_operation& operation = (*operations)[i];
    status applied = apply_rule_operation(operation, state, event);
    if (!applied.ok()) {
      return error(errc::reducer_failed,
                   fmt::format("event version {} (type '{}'): on.{}[{}] {} '{}': {}", event.version,
                               event.type, listed_as, i, operation.name, operation.path_text,
                               applied.error_value().message()));
    }
  }
  return ok_status();
}

}  // namespace eventioz::eventstore
