// Validating topic configs and listing them with their defaults.
#include "cluster/topic_config.h"

#include <fmt/format.h>

#include <algorithm>

#include "storage/errc.h"

namespace eventioz::cluster {
namespace {

// Names outside storage::log_config that Kafka tools set, with the only values honoured here.
struct extra_config {
  std::string_view name;
  std::string_view default_value;
  std::vector<std::string_view> accepted;
};

const std::vector<extra_config>& extra_configs() {
  static const std::vector<extra_config> configs = {
      // Batches are stored exactly as produced; the broker never recompresses.
      {"compression.type", "producer", {"producer"}},
      // A single node has one replica: 1 is the only setting that can be satisfied.
      {"min.insync.replicas", "1", {"1"}},
      {"message.timestamp.type", "CreateTime", {"CreateTime"}},
      {"unclean.leader.election.enable", "false", {"false", "true"}},
  };
  return configs;
}

const extra_config* find_extra(std::string_view name) {
  for (const auto& config : extra_configs()) {
    if (config.name == name) return &config;
  }
  return nullptr;
}

}  // namespace

result<storage::log_config> resolve_topic_config(
    const std::map<std::string, std::string>& overrides, const storage::log_config& defaults) {
  storage::log_config config = defaults;
  for (const auto& [name, value] : overrides) {
    if (const extra_config* extra = find_extra(name)) {
      if (std::find(extra->accepted.begin(), extra->accepted.end(), value) ==
          extra->accepted.end()) {
        return error(storage::errc::invalid_config,
                     fmt::format("config {}={} is not supported; accepted: {}", name, value,
                                 fmt::join(extra->accepted, ", ")));
      }
      continue;
    }
    EVENTIOZ_RETURN_IF_ERROR(storage::apply_config(config, name, value));
  }
  return config;
}

std::vector<config_entry> describe_topic_config(const std::map<std::string, std::string>& overrides,
                                                const storage::log_config& defaults) {
  std::vector<config_entry> entries;
  auto effective = resolve_topic_config(overrides, defaults);
  const storage::log_config& config = effective ? *effective : defaults;
  for (auto& [name, value] : storage::describe_config(config)) {
    entries.push_back({.name = name, .value = value, .is_default = !overrides.contains(name)});
  }
  for (const auto& extra : extra_configs()) {
    auto found = overrides.find(std::string(extra.name));
    entries.push_back(
        {.name = std::string(extra.name),
         .value = std::string(found != overrides.end() ? found->second : extra.default_value),
         .is_default = found == overrides.end()});
  }
  std::sort(entries.begin(), entries.end(),
            [](const config_entry& a, const config_entry& b) { return a.name < b.name; });
  return entries;
}

}  // namespace eventioz::cluster
