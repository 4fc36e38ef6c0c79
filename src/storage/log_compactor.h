// Removing records from a log without changing an offset, on top of log_rewriter (which holds
// the guarantees: sealed, committed segments only; atomic swaps; crash safety).
//
// compact: Kafka's cleanup.policy=compact — keeps only the latest record of each key and drops
// tombstones (null values) older than delete.retention.ms. The active segment is read only to
// learn newer values of keys. The key map holds every distinct key in memory.
//
// remove_records: drops whatever a caller's filter rejects, whatever the log's policy (the
// event store's purge of deleted streams). Call partition_log::roll first to bring the active
// segment's records within reach.
#pragma once

#include "base/result.h"
#include "storage/log_rewriter.h"
#include "storage/partition_log.h"

namespace eventioz::storage {

class log_compactor {
 public:
  // Compacts `log` once. Does nothing for logs whose policy does not include compact.
  static result<compaction_report> compact(partition_log& log);

  // Rewrites the sealed, committed segments of `log` without the records `keep` rejects
  // (only data batches' records are offered to it). Errors as log_rewriter::rewrite.
  static result<compaction_report> remove_records(partition_log& log, const record_filter& keep);
};

}  // namespace eventioz::storage
