// Planning a reset of a consumer group's committed offsets (POST /v1/groups/{group}/reset-offsets):
// from the reset target a client sent and what is known about each partition (its committed
// offset, log start and end, the offset at a time) to the offset each partition will be set to.
//
// Pure, so a dry run shows exactly what a real run commits. The rules are those of
// `eventioz group reset-offsets` (and Kafka's kafka-consumer-groups tool): every target lies
// within [log start, log end]; an offset or shift past either end stops there; a time after the
// last record means the log end; a shift needs a committed offset to shift from.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "base/result.h"

namespace eventioz::http {

struct reset_target {
  enum class kind {
    earliest,   // the log start
    latest,     // the log end (the high watermark): skip everything not yet read
    offset,     // `value`
    timestamp,  // the first record at or after `value` (ms since the epoch)
    shift_by,   // the committed offset plus `value` (negative: read again)
  };
  kind to = kind::earliest;
  int64_t value = 0;
};

// The body's "to": "earliest" | "latest" | {"offset": N >= 0} | {"timestamp": MS >= 0} |
// {"shift_by": N}. Errors (std::errc::invalid_argument) say what is accepted.
result<reset_target> parse_reset_target(const nlohmann::json& to);

// One partition before the reset.
struct partition_position {
  int32_t partition = 0;
  std::optional<int64_t> committed;  // nullopt: the group has none
  int64_t log_start = 0;
  int64_t log_end = 0;
  // For kind::timestamp: the first offset at or after the time; nullopt when no record is.
  std::optional<int64_t> at_timestamp;
};

struct planned_offset {
  int32_t partition = 0;
  std::optional<int64_t> from;
  int64_t to = 0;
  bool operator==(const planned_offset&) const = default;
};

// One planned offset per partition, in the order given. Errors (std::errc::invalid_argument):
// a shift of a partition with nothing committed, naming the partition.
result<std::vector<planned_offset>> plan_offset_reset(
    const std::vector<partition_position>& partitions, const reset_target& target);

}  // namespace eventioz::http
