#include "observe/scrape.h"

#include "observe/group_metrics.h"
#include "observe/partition_metrics.h"
#include "observe/process_metrics.h"
#include "observe/prometheus_text.h"

namespace eventioz::observe {

std::string scrape_metrics(const metrics::metrics_registry& registry,
                           const cluster::topic_manager& topics,
                           groups::group_coordinator& groups) {
  std::vector<metrics::family_snapshot> families = registry.collect();
  collect_process_metrics(families);
  auto open = topics.open_partitions();
  collect_partition_metrics(open, families);
  collect_group_metrics(groups, open, families);
  return render_prometheus_text(std::move(families));
}

}  // namespace eventioz::observe
