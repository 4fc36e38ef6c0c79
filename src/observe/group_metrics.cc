#include "observe/group_metrics.h"

#include <map>
#include <string>

namespace eventioz::observe {

void collect_group_metrics(groups::group_coordinator& coordinator,
                           const std::vector<std::shared_ptr<cluster::partition>>& open,
                           std::vector<metrics::family_snapshot>& out) {
  using metrics::metric_type;
  std::map<std::pair<std::string_view, int32_t>, const cluster::partition*> by_id;
  for (const auto& partition : open) {
    by_id.emplace(
        std::pair<std::string_view, int32_t>(partition->id().topic, partition->id().partition),
        partition.get());
  }

  metrics::family_snapshot members{.name = "eventioz_group_members",
                                   .help = "Members of the consumer group.",
                                   .type = metric_type::gauge,
                                   .label_names = {"group"}};
  metrics::family_snapshot lag{
      .name = "eventioz_group_lag",
      .help = "Records between the group's committed offset and the high watermark.",
      .type = metric_type::gauge,
      .label_names = {"group", "topic", "partition"}};

  std::vector<std::string> group_ids;
  for (const auto& listing : coordinator.list_groups({})) group_ids.push_back(listing.group_id);
  for (const auto& description : coordinator.describe_groups(group_ids)) {
    if (description.error) continue;
    members.samples.push_back(
        {{description.group_id}, static_cast<double>(description.members.size())});
  }
  for (const std::string& group_id : group_ids) {
    for (const auto& committed : coordinator.fetch_offsets(group_id, std::nullopt, false)) {
      if (committed.error || committed.value.committed_offset < 0) continue;
      auto found = by_id.find({committed.topic, committed.partition});
      if (found == by_id.end()) continue;
      int64_t behind = found->second->high_watermark().value() - committed.value.committed_offset;
      lag.samples.push_back({{group_id, committed.topic, std::to_string(committed.partition)},
                             static_cast<double>(std::max<int64_t>(behind, 0))});
    }
  }
  out.push_back(std::move(members));
  out.push_back(std::move(lag));
}

}  // namespace eventioz::observe
