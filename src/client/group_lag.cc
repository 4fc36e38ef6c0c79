#include "client/group_lag.h"

#include <map>
#include <tuple>

namespace eventioz::client {

std::vector<partition_lag> group_partitions(const group_description& group,
                                            const std::vector<committed_offset>& committed) {
  std::map<std::pair<std::string, int32_t>, partition_lag> rows;
  auto row_of = [&rows](const std::string& topic, int32_t partition) -> partition_lag& {
    partition_lag& row = rows[{topic, partition}];
    row.topic = topic;
    row.partition = partition;
    return row;
  };
  for (const committed_offset& offset : committed) {
    row_of(offset.topic, offset.partition).committed = offset.offset;
  }
  for (const group_member& member : group.members) {
    if (!member.assignment) continue;
    for (const assigned_topic& topic : member.assignment->topics) {
      for (int32_t partition : topic.partitions) {
        row_of(topic.topic, partition).member_id = member.member_id;
      }
    }
  }
  std::vector<partition_lag> sorted;
  sorted.reserve(rows.size());
  for (auto& [key, row] : rows) sorted.push_back(std::move(row));
  return sorted;
}

void set_log_end(partition_lag& row, int64_t log_end) {
  row.log_end = log_end;
  if (row.committed) row.lag = log_end - *row.committed;
}

}  // namespace eventioz::client
