// The list of internal topics and their pinned settings.
#include "cluster/internal_topics.h"

#include <fmt/format.h>

#include <array>

#include "cluster/errc.h"

namespace eventioz::cluster {

bool is_internal_topic(std::string_view name) {
  static constexpr std::array<std::string_view, 2> names = {"__consumer_offsets",
                                                            "__transaction_state"};
  for (std::string_view internal : names) {
    if (name == internal) return true;
  }
  return false;
}

status refuse_if_internal(std::string_view name, std::string_view change) {
  if (!is_internal_topic(name)) return ok_status();
  return error(errc::internal_topic,
               fmt::format("'{}' is an internal topic holding the broker's own state; it cannot "
                           "be {} by clients",
                           name, change));
}

status refuse_pinned_change(std::string_view name, std::string_view config) {
  if (!is_internal_topic(name)) return ok_status();
  auto pinned = with_pinned_configs(name, {});
  auto found = pinned.find(std::string(config));
  if (found == pinned.end()) return ok_status();
  return error(errc::internal_topic,
               fmt::format("'{}' is an internal topic holding the broker's own state: its {} is "
                           "pinned to {} and cannot be changed",
                           name, config, found->second));
}

std::map<std::string, std::string> with_pinned_configs(
    std::string_view name, std::map<std::string, std::string> overrides) {
  if (!is_internal_topic(name)) return overrides;
  overrides["flush.messages"] = "1";
  overrides["cleanup.policy"] = "compact";
  return overrides;
}

}  // namespace eventioz::cluster
