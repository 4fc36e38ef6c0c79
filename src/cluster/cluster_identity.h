// The cluster id clients see in Metadata: made once, randomly, when a data directory is first
// used, and kept in <data>/cluster_id so it survives restarts (clients notice a change).
#pragma once

#include <string>

#include "base/result.h"
#include "io/file_system.h"

namespace eventioz::cluster {

// 22 characters of URL-safe base64 (a random 128-bit id, as Kafka's cluster ids look).
result<std::string> load_or_create_cluster_id(io::file_system& fs,
                                              const std::string& data_directory);

}  // namespace eventioz::cluster
