// Per-partition gauges read at scrape time from the partitions already open (a scrape never
// opens a partition: that would create files and threads for a look): high watermark, log
// start offset, size on disk; and the storage used by them all.
#pragma once

#include <vector>

#include "base/metrics_registry.h"
#include "cluster/topic_manager.h"

namespace eventioz::observe {

// Appends eventioz_partition_high_watermark, eventioz_partition_log_start_offset,
// eventioz_partition_size_bytes ({topic, partition}) and eventioz_storage_used_bytes.
void collect_partition_metrics(const std::vector<std::shared_ptr<cluster::partition>>& open,
                               std::vector<metrics::family_snapshot>& out);

}  // namespace eventioz::observe
