#include "observe/partition_metrics.h"

#include <string>

namespace eventioz::observe {

void collect_partition_metrics(const std::vector<std::shared_ptr<cluster::partition>>& open,
                               std::vector<metrics::family_snapshot>& out) {
  using metrics::metric_type;
  const std::vector<std::string> labels = {"topic", "partition"};
  metrics::family_snapshot high_watermark{
      .name = "eventioz_partition_high_watermark",
      .help = "The offset after the last record consumers may read.",
      .type = metric_type::gauge,
      .label_names = labels};
  metrics::family_snapshot log_start{.name = "eventioz_partition_log_start_offset",
                                     .help = "The first offset still stored.",
                                     .type = metric_type::gauge,
                                     .label_names = labels};
  metrics::family_snapshot size{.name = "eventioz_partition_size_bytes",
                                .help = "Bytes of the partition's log segments.",
                                .type = metric_type::gauge,
                                .label_names = labels};
  high_watermark.samples.reserve(open.size());
  log_start.samples.reserve(open.size());
  size.samples.reserve(open.size());
  double used_bytes = 0;
  for (const auto& partition : open) {
    metrics::label_values values = {partition->id().topic,
                                    std::to_string(partition->id().partition)};
    double bytes = static_cast<double>(partition->log().size_bytes());
    used_bytes += bytes;
    high_watermark.samples.push_back(
        {values, static_cast<double>(partition->high_watermark().value())});
    log_start.samples.push_back(
        {values, static_cast<double>(partition->log().log_start_offset().value())});
    size.samples.push_back({std::move(values), bytes});
  }
  out.push_back(std::move(high_watermark));
  out.push_back(std::move(log_start));
  out.push_back(std::move(size));
  out.push_back({.name = "eventioz_storage_used_bytes",
                 .help = "Bytes of log segments of every open partition.",
                 .type = metric_type::gauge,
                 .samples = {{{}, used_bytes}}});
}

}  // namespace eventioz::observe
