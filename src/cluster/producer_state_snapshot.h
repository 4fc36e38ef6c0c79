// The producer-state snapshot of a partition: its producer_state as of a log offset, so that
// opening the partition replays only the log after it. Written with io::replace_file_durably
// (whole file or nothing) at clean close and by housekeeping, only once the log is durable up
// to `applied_through`. On-disk format: do not change; a new layout takes a new version.
//
//   <data>/<topic>-<partition>/producer_state.snapshot
//   snapshot  = magic:"EZPS" version:int16 (1) applied_through:int64
//               producer_count:int32 producer{producer_count}
//               aborted_count:int32 aborted{aborted_count}
//               crc:uint32                      CRC-32C of every byte before it
//   producer  = producer_id:int64 epoch:int16 last_update_ms:int64 transaction_open:int8
//               transaction_first_offset:int64 (-1 = none yet)
//               batch_count:int8 (at most 5) batch{batch_count}
//   batch     = first_sequence:int32 last_sequence:int32 base_offset:int64 last_offset:int64
//   aborted   = producer_id:int64 first_offset:int64 last_offset:int64   (by last_offset)
// Integers are big-endian.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "base/strong_id.h"
#include "cluster/producer_state.h"

namespace eventioz::cluster {

inline constexpr std::string_view producer_snapshot_file_name = "producer_state.snapshot";

struct producer_snapshot {
  // The state reflects every batch below this offset, none at or above it.
  offset applied_through;
  producer_state state;
};

std::string encode_producer_snapshot(const producer_state& state, offset applied_through);

// errc::producer_state_corrupt for anything that is not a whole, intact snapshot.
result<producer_snapshot> decode_producer_snapshot(std::string_view bytes);

}  // namespace eventioz::cluster
