// Planning a reset of a consumer group's committed offsets (`eventioz group reset-offsets`):
// from what is known about each partition (its committed offset, log start and end, the offset
// at a time) to the offset each will be set to. Pure computation, so the plan a user sees
// before --execute is exactly what is committed.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/result.h"

namespace eventioz::client {

struct reset_target {
  enum class kind {
    earliest,   // the log start
    latest,     // the log end: skip everything not yet read
    offset,     // `value`
    shift,      // the committed offset plus `value` (negative: re-read)
    timestamp,  // the first record at or after `value` (ms since the epoch)
  };
  kind to = kind::earliest;
  int64_t value = 0;
};

// One partition before the reset.
struct partition_position {
  int32_t partition = 0;
  std::optional<int64_t> committed;  // nullopt: the group has none
  int64_t log_start = 0;
  int64_t log_end = 0;
  // For kind::timestamp: ListOffsets' answer for the time; nullopt when no record is that recent.
  std::optional<int64_t> at_timestamp;
};

struct planned_offset {
  int32_t partition = 0;
  std::optional<int64_t> current;
  int64_t target = 0;

  bool operator==(const planned_offset&) const = default;
};

// One planned offset per partition, in the order given. Every target lies within
// [log_start, log_end]: an offset or shift past either end stops there, as Kafka's tool does,
// and a time after the last record means the log end. A shift of a partition with nothing
// committed has no base and fails with errc::invalid_argument naming the partition.
result<std::vector<planned_offset>> plan_offset_reset(
    const std::vector<partition_position>& partitions, const reset_target& target);

}  // namespace eventioz::client
