// Compaction of logs with cleanup.policy=compact: keeps only the latest record of each key,
// drops tombstones (null values) older than delete.retention.ms, and never changes an offset.
// Runs off the append path: it reads sealed segments and writes a compacted copy without the
// log's mutex, then swaps each copy in atomically (rename) under it. Readers that hold the old
// file keep reading the old inode.
//
// Scope: sealed segments wholly below the committed offset; the active segment is read only to
// learn newer values of keys. Control batches and transactional batches are kept as they are.
// The key map holds every distinct key in memory.
#pragma once

#include <cstdint>
#include <memory>

#include "base/result.h"
#include "storage/partition_log.h"

namespace eventioz::storage {

struct compaction_report {
  size_t segments_rewritten = 0;
  uint64_t records_removed = 0;
  uint64_t bytes_before = 0;  // of the rewritten segments
  uint64_t bytes_after = 0;
};

class log_compactor {
 public:
  // Compacts `log` once. Does nothing for logs whose policy does not include compact.
  static result<compaction_report> compact(partition_log& log);
};

}  // namespace eventioz::storage
