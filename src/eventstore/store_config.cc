// Validating the eventioz.store* topic configs and pinning what a store relies on.
#include "eventstore/store_config.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "eventstore/errc.h"

namespace eventioz::eventstore {
namespace {

result<bool> parse_bool(const std::string& key, const std::string& value) {
  if (value == "true") return true;
  if (value == "false") return false;
  return error(errc::invalid_store_config,
               fmt::format("config {}={} must be true or false", key, value));
}

// Settings of the log a store relies on: the value a store gets when the key is absent, and
// the only value it accepts.
struct pinned_setting {
  const char* key;
  const char* value;
  const char* reason;
};

constexpr pinned_setting pinned_settings[] = {
    {"retention.ms", "-1", "an event store keeps every event; delete streams instead"},
    {"retention.bytes", "-1", "an event store keeps every event; delete streams instead"},
    {"flush.messages", "1", "an event store acknowledges an append only once it is durable"},
    {"cleanup.policy", "delete",
     "compaction by key would keep only each stream's last event; delete streams instead"},
};

}  // namespace

result<store_settings> parse_store_settings(const std::map<std::string, std::string>& overrides) {
  store_settings settings;
  if (auto found = overrides.find(config_names::store); found != overrides.end()) {
    EVENTIOZ_TRY(settings.enabled, parse_bool(found->first, found->second));
  }
  if (auto found = overrides.find(config_names::reducer); found != overrides.end()) {
    if (found->second.empty()) {
      return error(errc::invalid_store_config,
                   fmt::format("config {} is empty; use merge-patch or a JSON reducer spec",
                               config_names::reducer));
    }
    settings.reducer_spec = found->second;
  }
  if (auto found = overrides.find(config_names::snapshot_interval); found != overrides.end()) {
    const std::string& text = found->second;
    int64_t interval = -1;
    auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), interval);
    if (problem != std::errc() || end != text.data() + text.size() || interval < 0 ||
        interval > 1'000'000'000) {
      return error(errc::invalid_store_config,
                   fmt::format("config {}={} must be a whole number from 0 (no snapshots) to "
                               "1000000000",
                               config_names::snapshot_interval, text));
    }
    settings.snapshot_interval = interval;
  }
  return settings;
}

cluster::topic_extension store_config_extension() {
  cluster::topic_extension extension;
  extension.config_defaults = {{config_names::store, "false"},
                               {config_names::reducer, "merge-patch"},
                               {config_names::snapshot_interval, "100"}};
  extension.check_configs = [](std::map<std::string, std::string>& overrides,
                               const std::map<std::string, std::string>* previous) -> status {
    EVENTIOZ_TRY(store_settings settings, parse_store_settings(overrides));
    if (previous) {
      EVENTIOZ_TRY(store_settings before, parse_store_settings(*previous));
      if (before.enabled != settings.enabled) {
        return error(errc::invalid_store_config,
                     fmt::format("config {} is chosen when the topic is created and cannot "
                                 "change; create a new topic",
                                 config_names::store));
      }
    }
    if (!settings.enabled) return ok_status();
    // A JSON spec is kept compact, on one line (topic metadata is line-based).
    if (auto spec = overrides.find(config_names::reducer); spec != overrides.end()) {
      auto parsed = nlohmann::json::parse(spec->second, nullptr, false);
      if (!parsed.is_discarded() && parsed.is_object()) {
        spec->second = parsed.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      }
    }
    for (const pinned_setting& pinned : pinned_settings) {
      auto [found, inserted] = overrides.try_emplace(pinned.key, pinned.value);
      if (!inserted && found->second != pinned.value) {
        return error(errc::invalid_store_config,
                     fmt::format("config {}={} is not allowed on an event store ({}); it must "
                                 "be {}",
                                 pinned.key, found->second, pinned.reason, pinned.value));
      }
    }
    return ok_status();
  };
  extension.check_grow = [](const cluster::topic_metadata& topic) -> status {
    auto settings = parse_store_settings(topic.config_overrides);
    if (settings && settings->enabled) {
      return error(errc::invalid_store_config,
                   fmt::format("event store '{}' cannot get more partitions: each stream's "
                               "partition is the hash of its id over the partition count",
                               topic.name));
    }
    return ok_status();
  };
  return extension;
}

}  // namespace eventioz::eventstore
