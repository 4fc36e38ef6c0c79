// How a module above cluster adds topic configs of its own and rules about them (the event
// store's `eventioz.store*` configs, src/eventstore/store_config.h) and keeps per-partition
// state in step with the partitions (an append_guard), without cluster depending on it.
// `eventioz serve` registers extensions in topic_manager_options before opening the topics.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "cluster/append_guard.h"
#include "cluster/topic_metadata.h"
#include "storage/partition_log.h"

namespace eventioz::cluster {

struct topic_extension {
  // Config names this extension owns, with their defaults: accepted by CreateTopics and the
  // alter calls, and described with the topic's other configs.
  std::map<std::string, std::string> config_defaults;
  // Checks a topic's overrides, and may complete them (e.g. pin settings the extension relies
  // on), when the topic is created (`previous` is null) or its configs change (`previous`: the
  // overrides before the change). An error refuses the operation; its message names the key.
  std::function<status(std::map<std::string, std::string>& overrides,
                       const std::map<std::string, std::string>* previous)>
      check_configs;
  // Whether the topic may get more partitions (an error says why not); null: always.
  std::function<status(const topic_metadata& topic)> check_grow;
  // The guard for a partition of `topic` as it is opened, before anything is appended or read;
  // null: none. Called with topic_manager's lock held: must not call back into it.
  std::function<std::shared_ptr<append_guard>(const topic_metadata& topic, int32_t partition,
                                              std::shared_ptr<storage::partition_log> log)>
      guard_for;
  // The topic was deleted (its logs are gone): drop what is derived from it.
  std::function<void(const std::string& topic)> topic_deleted;
};

}  // namespace eventioz::cluster
