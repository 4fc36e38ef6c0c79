// ListOffsets for partitions of one topic: the log start, the log end, or the first offset at
// a time, each partition asked of its leader. Shared by the consumer (where to start) and the
// admin client (a group's lag, offset resets).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/broker_pool.h"

namespace eventioz::client {

// ListOffsets' special timestamps. Wire values: do not change.
inline constexpr int64_t latest_timestamp = -1;
inline constexpr int64_t earliest_timestamp = -2;

// The offsets for `partitions` of `topic` at `timestamp` (latest_timestamp, earliest_timestamp,
// or ms since the epoch), in the order asked. For a time after every record the answer is -1.
// `isolation_level` 1 (read committed) makes "latest" the last stable offset.
// REQUIRES: `pool`'s metadata names the topic's leaders (broker_pool::wait_for_leaders).
result<std::vector<int64_t>> list_offsets(broker_pool& pool, const std::string& topic,
                                          const std::vector<int32_t>& partitions, int64_t timestamp,
                                          int8_t isolation_level = 0);

}  // namespace eventioz::client
