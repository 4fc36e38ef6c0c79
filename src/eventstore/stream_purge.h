// The purge of deleted streams (GDPR): removes every event of a deleted stream from a store
// partition's log, keeping the stream's tombstone (its id as key, a null value), which marks the
// stream deleted for good, and every other stream's events. Offsets never change; the rewrite
// and its guarantees (sealed, committed segments only; atomic swaps; crash safety) are
// storage::log_rewriter's.
//
// Reach: events in the active segment are brought within reach by rolling it (a GDPR delete
// must not wait for segment.ms); events not yet committed when the purge runs stay until the
// next purge. Transactional batches are never rewritten (the store refuses transactional
// writes, so a store's events are never in one).
//
// Cost: reads the active segment to decide whether to roll, then every sealed segment of the
// log; run it when streams were deleted since the last purge, off the append path (it blocks
// on I/O). Thread-safe (as partition_log); one rewrite per log at a time.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "base/result.h"
#include "storage/partition_log.h"

namespace eventioz::eventstore {

// Removes from `log` every record whose key is in `deleted_streams` and whose value is not
// null (tombstones stay). Rolls the active segment first when it holds such a record. Returns
// how many records were removed. Errors: storage's (errc::log_closed, corrupt data, I/O).
result<uint64_t> purge_streams(storage::partition_log& log,
                               const std::set<std::string>& deleted_streams);

}  // namespace eventioz::eventstore
