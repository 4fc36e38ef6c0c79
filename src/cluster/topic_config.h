// Topic configs: which Kafka config names a topic accepts, how overrides combine with the
// broker's defaults, and what DescribeConfigs shows.
//
// Storage settings (retention.ms, segment.bytes, ...) go to storage::log_config. A few more names
// that Kafka tools commonly set are accepted and described so those tools work, but only with
// the values this broker honours (e.g. compression.type=producer: batches are never
// recompressed). Anything else is refused with errc::invalid_config naming the key.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/log_config.h"

namespace eventioz::cluster {

struct config_entry {
  std::string name;
  std::string value;
  bool is_default = true;  // false when the topic overrides it
  bool read_only = false;
};

// The log config for a topic with these overrides on top of `defaults`. Errors name the key.
result<storage::log_config> resolve_topic_config(
    const std::map<std::string, std::string>& overrides, const storage::log_config& defaults);

// Every config of a topic with its effective value, sorted by name.
std::vector<config_entry> describe_topic_config(const std::map<std::string, std::string>& overrides,
                                                const storage::log_config& defaults);

}  // namespace eventioz::cluster
