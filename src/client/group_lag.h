// A consumer group's position per partition (`eventioz group describe`): what it committed,
// where the log ends, the lag between them, and which member owns the partition.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/group_types.h"

namespace eventioz::client {

struct partition_lag {
  std::string topic;
  int32_t partition = 0;
  std::optional<int64_t> committed;  // nullopt: nothing committed
  std::optional<int64_t> log_end;    // nullopt: not known (the topic is gone, say)
  // log_end - committed; nullopt unless both are known. Negative when the log is shorter
  // than the committed offset (a topic deleted and created again): shown as it is.
  std::optional<int64_t> lag;
  std::optional<std::string> member_id;  // the member assigned the partition, if any

  bool operator==(const partition_lag&) const = default;
};

// Every partition the group has an offset for or assigns to a member, sorted by topic and
// partition, with committed offsets and owners filled in (log ends and lags not yet).
std::vector<partition_lag> group_partitions(const group_description& group,
                                            const std::vector<committed_offset>& committed);

// Records the log end of `row` and the lag that follows.
void set_log_end(partition_lag& row, int64_t log_end);

}  // namespace eventioz::client
