// What the broker knows about one topic besides its logs: how many partitions it has and the
// configs set on it (the rest come from the broker's defaults).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace eventioz::cluster {

struct topic_metadata {
  std::string name;
  int32_t partition_count = 0;
  // Topic-level overrides by Kafka config name ("retention.ms" -> "3600000").
  std::map<std::string, std::string> config_overrides;
  // Set while the topic's partitions are being removed; a restart finishes the deletion.
  bool deleting = false;
};

}  // namespace eventioz::cluster
