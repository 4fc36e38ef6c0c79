// Reading records of one partition for HTTP consumers (REST consume, push delivery): whole
// batches from the log, their CRCs checked, decoded into records.
//
// What a Kafka read_committed consumer would see: up to the last stable offset, without control
// batches or the records of aborted transactions. Records before `start` in the first batch
// are dropped (a batch may begin before the requested offset). What it returns is counted in
// the topic's records and bytes out (eventioz_topic_*_out_total), before any caller's filter,
// unless the caller counts itself (`count_out` off: REST consume, which hands out only part of
// what it reads).
//
// Thread-safe (the log is); reads the page cache or the disk on the calling thread.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "base/result.h"
#include "cluster/partition.h"
#include "model/record_batch.h"

namespace eventioz::http {

// The batch a record came from: callers that count bytes out themselves count each batch once.
struct batch_origin {
  offset last_offset;
  size_t size_bytes = 0;  // as stored
};

struct partition_records {
  std::vector<model::record> records;
  std::vector<batch_origin> origins;  // one per record, same order
  offset next_offset;                 // where the next read continues (past skipped batches too)
  offset high_watermark;
  offset log_start_offset;
  size_t bytes_read = 0;  // batch bytes read from the log
  // Stored bytes of the batches `records` come from (what eventioz_topic_bytes_out_total adds).
  size_t delivered_batch_bytes = 0;
};

struct partition_read_limits {
  size_t max_records = 100;
  // About this many batch bytes are read (at least one batch, so a read always progresses).
  size_t max_bytes = 1 << 20;
  // Count what is returned in eventioz_topic_records_out_total/bytes_out_total (records, and
  // the stored bytes of the batches they came from). Off when the caller counts what it really
  // hands out itself (consume keeps only part of what it reads: count_records_out; push
  // delivery may stop mid-read and read the rest again later).
  bool count_out = true;
};

// Errors: storage errc::offset_out_of_range when `start` is below the log start or past the
// high watermark; errc::corrupt_data for a damaged batch. `start` == the end: no records.
result<partition_records> read_partition_records(cluster::partition& partition, offset start,
                                                 partition_read_limits limits);

// Counts `records` (returned by read_partition_records with count_out off, and handed out) in
// the topic's records and bytes out: each batch they came from once.
void count_records_out(cluster::partition& partition, std::span<const batch_origin> records);

}  // namespace eventioz::http
