// Rewrites the sealed segments of a partition log, keeping only the records a filter keeps and
// never changing an offset: the one engine under key compaction (log_compactor::compact) and
// purges of chosen records (log_compactor::remove_records, the event store's stream deletion).
//
// Guarantees, whatever the filter:
//   - Only sealed segments wholly below the committed offset are rewritten; the active segment
//     and uncommitted data are never touched.
//   - Offsets do not change: a batch that loses some records is rebuilt with its base offset,
//     last offset delta, codec (compressed again with it), producer fields and leader epoch; a
//     batch that loses all is dropped (a gap in offsets, as Kafka compaction leaves); a batch
//     that loses none is copied byte for byte. Control and transactional batches are copied as
//     they are: the filter never sees their records.
//   - Each copy is written and synced beside the segment (.log.cleaned) without the log's
//     mutex, then swapped in atomically (rename) under it, and its offset and time indexes are
//     rebuilt. A crash at any point leaves the old or the new segment, never a mix; a leftover
//     .log.cleaned is removed on open. Readers that hold the old file keep reading its inode.
//   - A segment changed meanwhile (retention, truncation) is skipped: its copy is stale.
//   - One rewrite per log at a time (a per-log mutex): compaction and a purge never interleave.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/record_batch.h"
#include "storage/partition_log.h"

namespace eventioz::storage {

// True to keep the record. Called on the caller's thread for the records of data batches only
// (not control or transactional batches), in offset order, without the log's mutex.
using record_filter = std::function<bool(const model::record& record)>;

struct compaction_report {
  size_t segments_rewritten = 0;
  uint64_t records_removed = 0;
  uint64_t bytes_before = 0;  // of the rewritten segments
  uint64_t bytes_after = 0;
};

// One segment as a rewrite sees it: a file and the extent of its batches.
struct segment_view {
  offset base;
  io::file_ptr file;
  uint64_t size_bytes = 0;
};

// What a rewrite covers, taken under the log's mutex.
struct rewrite_scope {
  std::vector<segment_view> sealed;    // the segments that may be rewritten, oldest first
  std::optional<segment_view> active;  // the rest (read-only; compaction learns newer values)
  offset committed;                    // records at or past it must not influence the filter
  log_config config;
};

// Makes the filter for one rewrite from its scope, or an empty function to rewrite nothing
// (e.g. a log whose policy does not compact).
using filter_factory = std::function<result<record_filter>(const rewrite_scope& scope)>;

class log_rewriter {
 public:
  // Rewrites `log` once: takes the scope, asks `make_filter` for the filter, and rewrites every
  // sealed segment from which the filter drops a record. `purpose` names the job in the log
  // line ("compaction", "purge"). Errors: errc::log_closed, errc::corrupt_data for a damaged
  // batch, or the I/O error (segments already swapped stay swapped; the others are unchanged).
  static result<compaction_report> rewrite(partition_log& log, std::string_view purpose,
                                           const filter_factory& make_filter);

  // Calls `visit(header, batch bytes)` for every batch of `segment`, checking CRCs.
  static status for_each_batch(
      const segment_view& segment,
      const std::function<status(const model::record_batch_header&, byte_span)>& visit);

  // Decodes a batch's records (bounded decompression).
  static result<std::vector<model::record>> records_of(byte_span batch);

  // False for control and transactional batches, which are never filtered.
  static bool filterable(const model::record_batch_header& header) {
    return !header.is_control() && !header.is_transactional();
  }
};

}  // namespace eventioz::storage
