// The storage layer's metrics.
#pragma once

#include "base/metrics_registry.h"

namespace eventioz::storage {

// eventioz_storage_fsync_duration_seconds: each fdatasync of a log file by the group commit
// (partition_log_flush.cc), on the flush threads.
metrics::histogram& fsync_duration_histogram();

}  // namespace eventioz::storage
