// Expected failures of the cluster's control plane (topics and partitions).
#pragma once

#include <system_error>

namespace eventioz::cluster {

enum class errc {
  topic_exists = 1,            // CreateTopics for a name that is taken
  topic_not_found,             // no such topic (or it is being deleted)
  invalid_partition_count,     // zero, negative, above the limit, or not above the current count
  invalid_replication_factor,  // a single node holds one replica
  metadata_corrupt,            // a topic metadata file that does not parse
};

const std::error_category& error_category();

inline std::error_code make_error_code(errc code) {
  return {static_cast<int>(code), error_category()};
}

}  // namespace eventioz::cluster

template <>
struct std::is_error_code_enum<eventioz::cluster::errc> : std::true_type {};
