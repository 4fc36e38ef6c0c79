// The broker-wide settings that Kafka admin tools can change at runtime (AlterConfigs on the
// BROKER resource): topic defaults and auto-creation. Static values come from the config file,
// environment and flags; dynamic overrides are kept in <data>/broker_config and win over them,
// as Kafka's dynamic broker configs do.
//
// Names as Kafka's brokers spell them where one exists ("num.partitions",
// "auto.create.topics.enable"), and "log.<topic config>" for topic defaults ("log.retention.ms"),
// the same names as the config file's [log] table.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "cluster/topic_config.h"
#include "storage/log_config.h"

namespace eventioz::cluster {

struct broker_settings {
  int32_t default_partition_count = 1;
  bool auto_create_topics = true;
  storage::log_config default_log_config;
};

// `base` with `overrides` applied; errors name the key (storage::errc::invalid_config).
result<broker_settings> apply_broker_overrides(broker_settings base,
                                               const std::map<std::string, std::string>& overrides);

// Every alterable broker setting with its effective value; is_default is false for overridden
// ones.
std::vector<config_entry> describe_broker_settings(
    const broker_settings& effective, const std::map<std::string, std::string>& overrides);

// The overrides file: "key=value" lines (do not change the format without a migration).
std::string format_broker_overrides(const std::map<std::string, std::string>& overrides);
result<std::map<std::string, std::string>> parse_broker_overrides(std::string_view text);

}  // namespace eventioz::cluster
