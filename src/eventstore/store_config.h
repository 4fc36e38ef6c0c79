// The topic configs that make a topic an event store, and the rules that keep one sound:
//   eventioz.store                    "true" | "false" (default). Set when the topic is
//                                     created; it cannot change afterwards.
//   eventioz.store.reducer            the default reducer spec (reducer_spec.h); default
//                                     "merge-patch".
//   eventioz.store.snapshot.interval  a snapshot every N versions of a stream (default 100;
//                                     0: none).
// A store keeps every event (retention.ms=-1 and retention.bytes=-1 are set when absent, and
// other values refused), makes each append durable before acknowledging it (flush.messages=1),
// and is never compacted by key (cleanup.policy=delete): streams are removed by deleting them
// (a tombstone), which the store's own purge honours. Stores cannot get more partitions:
// a stream's partition is the hash of its id over the partition count.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "base/result.h"
#include "cluster/topic_extension.h"

namespace eventioz::eventstore {

namespace config_names {
inline constexpr const char* store = "eventioz.store";
inline constexpr const char* reducer = "eventioz.store.reducer";
inline constexpr const char* snapshot_interval = "eventioz.store.snapshot.interval";
}  // namespace config_names

struct store_settings {
  bool enabled = false;
  std::string reducer_spec = "merge-patch";
  int64_t snapshot_interval = 100;
};

// The settings of a topic with these overrides (defaults for what is absent). Errors:
// errc::invalid_store_config naming the key.
result<store_settings> parse_store_settings(const std::map<std::string, std::string>& overrides);

// The checks above as a topic_extension's config part (config_defaults, check_configs,
// check_grow); event_store adds its guard and deletion hooks.
cluster::topic_extension store_config_extension();

}  // namespace eventioz::eventstore
