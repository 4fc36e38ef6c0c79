// One /metrics scrape: the registry's families (with its collectors), the process, the open
// partitions and the consumer groups, rendered in the Prometheus text format.
//
// Runs on the scraping thread (an HTTP shard); takes each source's lock briefly, one after
// another, never two at once.
#pragma once

#include <string>

#include "base/metrics_registry.h"
#include "cluster/topic_manager.h"
#include "groups/group_coordinator.h"

namespace eventioz::observe {

std::string scrape_metrics(const metrics::metrics_registry& registry,
                           const cluster::topic_manager& topics, groups::group_coordinator& groups);

}  // namespace eventioz::observe
