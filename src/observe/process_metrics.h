// The process as Prometheus sees it: resident and virtual memory, CPU seconds, open file
// descriptors, start time. Read from /proc and getrusage at scrape time (nothing to keep up
// to date), Linux only like the rest of the broker.
#pragma once

#include <vector>

#include "base/metrics_registry.h"

namespace eventioz::observe {

// Appends eventioz_process_* families to a scrape.
void collect_process_metrics(std::vector<metrics::family_snapshot>& out);

}  // namespace eventioz::observe
