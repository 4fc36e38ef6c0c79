// Applying, describing and storing dynamic broker settings.
#include "cluster/broker_settings.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "cluster/errc.h"
#include "cluster/properties_text.h"
#include "storage/errc.h"

namespace eventioz::cluster {
namespace {

constexpr std::string_view log_prefix = "log.";
constexpr int32_t partition_count_max = 10000;

error invalid_setting(std::string_view key, std::string_view value, std::string_view expected) {
  return error(storage::errc::invalid_config,
               fmt::format("broker config {}={} is invalid: {}", key, value, expected));
}

status apply_one(broker_settings& settings, const std::string& key, const std::string& value) {
  if (key == "num.partitions") {
    int32_t count = 0;
    auto [end, failure] = std::from_chars(value.data(), value.data() + value.size(), count);
    if (failure != std::errc() || end != value.data() + value.size() || count < 1 ||
        count > partition_count_max) {
      return invalid_setting(key, value, fmt::format("use 1 to {}", partition_count_max));
    }
    settings.default_partition_count = count;
    return ok_status();
  }
  if (key == "auto.create.topics.enable") {
    if (value != "true" && value != "false") return invalid_setting(key, value, "true or false");
    settings.auto_create_topics = value == "true";
    return ok_status();
  }
  if (key.starts_with(log_prefix)) {
    std::map<std::string, std::string> one = {{key.substr(log_prefix.size()), value}};
    EVENTIOZ_TRY(settings.default_log_config,
                 resolve_topic_config(one, settings.default_log_config));
    return ok_status();
  }
  return error(storage::errc::invalid_config,
               fmt::format("broker config {} cannot be changed at runtime; alterable: "
                           "num.partitions, auto.create.topics.enable, log.<topic config>",
                           key));
}

}  // namespace

result<broker_settings> apply_broker_overrides(
    broker_settings base, const std::map<std::string, std::string>& overrides) {
  for (const auto& [key, value] : overrides) {
    EVENTIOZ_RETURN_IF_ERROR(apply_one(base, key, value));
  }
  return base;
}

std::vector<config_entry> describe_broker_settings(
    const broker_settings& effective, const std::map<std::string, std::string>& overrides) {
  std::vector<config_entry> entries = {
      {"auto.create.topics.enable", effective.auto_create_topics ? "true" : "false"},
      {"num.partitions", std::to_string(effective.default_partition_count)},
  };
  for (const auto& entry : describe_topic_config({}, effective.default_log_config)) {
    entries.push_back({.name = std::string(log_prefix) + entry.name, .value = entry.value});
  }
  for (auto& entry : entries) entry.is_default = !overrides.contains(entry.name);
  return entries;
}

std::string format_broker_overrides(const std::map<std::string, std::string>& overrides) {
  std::string text;
  for (const auto& [key, value] : overrides) text += fmt::format("{}={}\n", key, value);
  return text;
}

result<std::map<std::string, std::string>> parse_broker_overrides(std::string_view text) {
  std::string bad_line;
  auto entries = parse_properties(text, bad_line);
  if (!entries) {
    return error(errc::metadata_corrupt,
                 fmt::format("broker_config: the line '{}' has no '='; fix or remove the file "
                             "(it holds settings changed with AlterConfigs)",
                             bad_line));
  }
  return std::map<std::string, std::string>(entries->begin(), entries->end());
}

}  // namespace eventioz::cluster
