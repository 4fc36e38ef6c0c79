// Consumer-group gauges read at scrape time: members per group, and the lag of each committed
// offset (the partition's high watermark minus the committed offset, never below zero).
// Lag is only reported for partitions that are open (a scrape never opens one); a group's
// partitions are open once anything read or wrote them since the broker started.
#pragma once

#include <memory>
#include <vector>

#include "base/metrics_registry.h"
#include "cluster/partition.h"
#include "groups/group_coordinator.h"

namespace eventioz::observe {

// Appends eventioz_group_members{group} and eventioz_group_lag{group,topic,partition}.
void collect_group_metrics(groups::group_coordinator& coordinator,
                           const std::vector<std::shared_ptr<cluster::partition>>& open,
                           std::vector<metrics::family_snapshot>& out);

}  // namespace eventioz::observe
