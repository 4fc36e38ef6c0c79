// Building a reducer from its spec: "merge-patch", a rules object, or a registered function.
#include "eventstore/reducer_spec.h"

#include <fmt/format.h>

#include "eventstore/errc.h"
#include "eventstore/json_path.h"
#include "eventstore/merge_patch_reducer.h"
#include "eventstore/rules_reducer.h"

namespace eventioz::eventstore {
namespace {

using json = nlohmann::json;

constexpr std::string_view spec_forms =
    "\"merge-patch\", {\"type\": \"rules\", \"on\": {...}} or {\"type\": \"function\", "
    "\"name\": \"...\"}";

error invalid(const std::string& why) { return error(errc::invalid_reducer, why); }

std::shared_ptr<const reducer> the_merge_patch_reducer() {
  static const auto shared = std::make_shared<const merge_patch_reducer>();
  return shared;
}

result<std::shared_ptr<const reducer>> make_function_reducer(const json& spec,
                                                             const reducer_registry& registry) {
  for (auto member = spec.begin(); member != spec.end(); ++member) {
    if (member.key() != "type" && member.key() != "name") {
      return invalid(
          fmt::format("a function spec has no member '{}' (it takes \"type\" and "
                      "\"name\")",
                      member.key()));
    }
  }
  auto name = spec.find("name");
  if (name == spec.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
    return invalid(
        "name: a function spec needs \"name\", the name the reducer was registered "
        "under");
  }
  auto found = registry.find(name->get<std::string>());
  if (found == nullptr) {
    return invalid(
        fmt::format("name: no function reducer named '{}' is registered in this "
                    "process (register it with reducer_registry::add first)",
                    name->get<std::string>().substr(0, 200)));
  }
  return found;
}

result<std::shared_ptr<const reducer>> make_from_object(const json& spec,
                                                        const reducer_registry& registry) {
  auto type = spec.find("type");
  if (type == spec.end() || !type->is_string()) {
    return invalid(
        "type: a reducer spec object needs \"type\": \"merge-patch\", \"rules\" or "
        "\"function\"");
  }
  const auto& kind = type->get_ref<const std::string&>();
  if (kind == "merge-patch") {
    if (spec.size() != 1) {
      return invalid("a merge-patch spec takes no member but \"type\"");
    }
    return the_merge_patch_reducer();
  }
  if (kind == "rules") {
    EVENTIOZ_TRY(auto rules, rules_reducer::make(spec));
    return std::shared_ptr<const reducer>(std::move(rules));
  }
  if (kind == "function") return make_function_reducer(spec, registry);
  return invalid(
      fmt::format("type: unknown reducer type '{}'; use \"merge-patch\", \"rules\" "
                  "or \"function\"",
                  kind.substr(0, 100)));
}

}  // namespace

result<std::shared_ptr<const reducer>> make_reducer(const json& spec,
                                                    const reducer_registry& registry) {
  try {
    if (spec.is_string() && spec.get_ref<const std::string&>() == "merge-patch") {
      return the_merge_patch_reducer();
    }
    if (!spec.is_object()) {
      std::string given =
          spec.is_string() ? fmt::format("'{}'", spec.get_ref<const std::string&>().substr(0, 100))
                           : json_type_phrase(spec);
      return invalid(fmt::format("a reducer spec is {}, not {}", spec_forms, given));
    }
    return make_from_object(spec, registry);
  } catch (const json::exception& thrown) {
    // Nothing above should throw; this is the boundary that keeps any exception in.
    return invalid(fmt::format("reducer spec: {}", thrown.what()));
  }
}

result<std::shared_ptr<const reducer>> make_reducer(std::string_view spec_text,
                                                    const reducer_registry& registry) {
  if (spec_text == "merge-patch") return the_merge_patch_reducer();
  json spec = json::parse(spec_text, nullptr, /*allow_exceptions=*/false);
  if (spec.is_discarded()) {
    return invalid(fmt::format("reducer spec '{}' is neither \"merge-patch\" nor JSON; use {}",
                               spec_text.substr(0, 100), spec_forms));
  }
  return make_reducer(spec, registry);
}

}  // namespace eventioz::eventstore
