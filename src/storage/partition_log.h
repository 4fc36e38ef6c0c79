// The durable, ordered log of one partition: the thing every other part of Eventioz stands on.
//
// Shape (design.md sections 5-7): append assigns offsets and writes the batch; durability is a
// separate notification (group commit: concurrent appends share one fdatasync, run by the
// flush_scheduler off the caller's thread); the committed end offset (high watermark) is a
// separate value its owner advances — locally after fsync, later after a Raft quorum — and it
// is what readers see by default.
//
// Offsets: [log_start_offset, log_end_offset) are stored; durable_end_offset <= log_end_offset
// marks what is fsynced; committed_end_offset <= log_end_offset marks what readers see.
//
// Threads: every method is thread-safe. One internal mutex guards the segment list and the
// offsets; file I/O for reads and fsyncs happens outside it. Owned through shared_ptr so that
// flush jobs can outlive a caller's reference safely.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/strong_id.h"
#include "io/file_system.h"
#include "storage/flush_scheduler.h"
#include "storage/log_config.h"
#include "storage/log_segment.h"
#include "storage/partition_checkpoint.h"

namespace eventioz::storage {

// What a log needs from its surroundings. All three outlive the log — and a running flush job
// may hold the last reference to a log, so the file system and clock must outlive the flush
// threads too (stop the scheduler before destroying them).
struct log_context {
  io::file_system& fs;
  flush_scheduler& flusher;
  const clock& time = system_clock();
};

struct append_result {
  offset base_offset;
  offset last_offset;
  int64_t append_time_ms = 0;
};

// A byte range of a segment file holding whole batches: ready to be sent with sendfile(2) or
// read into memory. The file stays readable even if the segment is deleted meanwhile.
struct file_range {
  io::file_ptr file;
  uint64_t position = 0;
  uint64_t size_bytes = 0;
};

struct read_request {
  offset start;
  size_t max_bytes = 1 << 20;
  // Exclusive upper bound; by default the committed end offset.
  std::optional<offset> end;
  // Return the first batch even when it alone is larger than max_bytes (Kafka's KIP-74), so a
  // consumer can always make progress.
  bool at_least_one_batch = true;
};

struct read_result {
  std::vector<file_range> ranges;  // whole batches in offset order, contiguous ranges merged
  size_t size_bytes = 0;
  offset next_offset;  // where the following read continues
  offset log_start_offset;
  offset committed_end_offset;
};

// What opening found.
struct recovery_report {
  bool clean_shutdown = false;
  size_t segment_count = 0;
  uint64_t bytes_cut = 0;  // torn or corrupt bytes removed from the active segment
  std::string cut_reason;
};

struct retention_report {
  size_t segments_deleted = 0;
  uint64_t bytes_deleted = 0;
};

class partition_log : public std::enable_shared_from_this<partition_log> {
 public:
  // Opens (creating when missing) the log in `directory`. After an unclean shutdown the active
  // segment is scanned and cut at its first torn or corrupt batch; if that cut would fall below
  // the committed offset recorded in the checkpoint, opening fails with
  // errc::committed_data_damaged instead of losing acknowledged data silently.
  static result<std::shared_ptr<partition_log>> open(log_context context, std::string directory,
                                                     log_config config);

  ~partition_log();
  partition_log(const partition_log&) = delete;
  partition_log& operator=(const partition_log&) = delete;

  // Validates `batch` (framing, CRC, records), assigns its offsets from the log end (rewriting
  // the base offset only), stamps `term` as its partition leader epoch, and writes it. The batch
  // is not durable yet: see when_durable. Errors: model::errc for an invalid batch,
  // errc::batch_too_large, errc::log_closed, or the I/O error (the log then stays consistent
  // and accepts appends again once the fault clears).
  result<append_result> append(mutable_byte_span batch, term_id term = term_id(0));

  // Calls `done` once every offset up to and including `last` is durable (fsynced), or with the
  // error that prevented it. `done` runs on a flush thread, or inline if already durable; it
  // must not call back into this log while holding locks of its own that appends take.
  void when_durable(offset last, std::function<void(status)> done);

  // Blocks until everything appended so far is durable.
  status sync();

  // Moves the committed end offset (high watermark) forward. REQUIRES: end <= log end offset.
  void advance_committed(offset end);

  offset log_start_offset() const;
  offset log_end_offset() const;
  offset durable_end_offset() const;
  offset committed_end_offset() const;
  uint64_t size_bytes() const;
  size_t segment_count() const;
  // Where the active segment starts: records at or past it are out of reach of compaction and
  // purges until the segment is sealed (roll).
  offset active_segment_base_offset() const;
  const std::string& directory() const { return _directory; }
  const recovery_report& recovery() const { return _recovery; }
  log_config config() const;

  // Whole batches from `request.start`, up to max_bytes and below the end bound. A start below
  // the log start or above the log end is errc::offset_out_of_range.
  result<read_result> read(const read_request& request);

  // Like read, but copies the batches into memory and checks each one's framing and CRC-32C: a
  // damaged batch is errc::corrupt_data, never returned as data. For consumers that do not
  // check CRCs themselves (HTTP, the CLI, internal readers).
  result<byte_buffer> read_verified(const read_request& request);

  // The first offset whose record timestamp is >= `timestamp`; nullopt when there is none.
  result<std::optional<offset>> offset_for_timestamp(int64_t timestamp);

  // Removes every batch at or after `new_end` (Raft suffix truncation). `new_end` must be a
  // batch boundary and not below the committed end. Waiters past it fail.
  status truncate_suffix(offset new_end);

  // Moves the log start offset forward (Kafka DeleteRecords) and deletes the segments wholly
  // below it. REQUIRES: new_start <= committed end offset.
  status delete_records_before(offset new_start);

  // Deletes the oldest sealed segments past retention.ms / retention.bytes (for delete
  // policies) or below the log start. Never the active segment, never uncommitted data.
  result<retention_report> enforce_retention();

  // Seals the active segment now and starts a new one at the log end, so that everything
  // appended so far is in a sealed segment (which compaction and purges can rewrite once it is
  // committed) without waiting for segment.ms or segment.bytes. A no-op when the active segment
  // is empty. Errors: errc::log_closed, or the I/O error (as for append).
  status roll();

  status update_config(const log_config& config);

  // Persists the log start and committed offsets (call periodically; close does it too).
  status checkpoint();

  // Syncs everything, writes the active segment's indexes and a clean-shutdown checkpoint, so
  // the next open skips recovery. Later calls fail with errc::log_closed. Idempotent.
  status close();

 private:
  friend class log_compactor;
  friend class log_rewriter;

  partition_log(log_context context, std::string directory, log_config config);

  // Callbacks (durability notifications) are never run with the mutex held: code under the
  // mutex queues them in _deferred_callbacks, and this scope, declared before the lock is
  // taken, runs them after it is released.
  class deferred_callbacks_scope {
   public:
    explicit deferred_callbacks_scope(partition_log& log) : _log(log) {}
    ~deferred_callbacks_scope();

   private:
    partition_log& _log;
  };

  error closed_error() const;
  log_segment& active_segment();
  status roll_locked(offset new_base);
  status prepare_first_write_locked();
  status repair_locked();
  status truncate_suffix_locked(offset new_end);
  status write_checkpoint_locked(bool clean);
  void schedule_flush_locked();
  void schedule_flush_per_policy_locked(int32_t record_count);
  void run_flush();
  void wait_for_appends_to_settle(uint64_t expected_appends) const;
  // Preallocation (log_config::preallocate): zero-fills the active segment ahead of the
  // appends on a flush thread. cancel_prefill_locked guarantees that no zero is written to the
  // file after it returns (it waits for a prefill write in progress).
  void maybe_schedule_prefill_locked();
  void cancel_prefill_locked();
  void run_prefill(io::file_ptr file, uint64_t from, uint64_t to);
  // Answers the durable waiters (outcome ok) or every waiter (outcome failed), deferred.
  void complete_waiters_locked(const status& outcome);
  // The one path for a failed fsync or write: fails the waiters, puts the log in repair.
  void fail_durability_locked(const error& failure);
  result<uint64_t> batch_start_position_locked(log_segment& segment, offset target);

  log_context _context;
  std::string _directory;

  mutable std::mutex _mutex;
  // Held by log_rewriter for a whole rewrite (taken before _mutex, never while holding it).
  std::mutex _rewrite_mutex;
  std::condition_variable _flush_idle;
  log_config _config;
  std::map<offset, std::unique_ptr<log_segment>> _segments;
  offset _log_start{0};
  offset _log_end{0};
  offset _durable_end{0};
  offset _committed_end{0};
  int64_t _active_segment_opened_ms = 0;
  bool _clean_checkpoint_on_disk = false;
  bool _needs_repair = false;
  // The active segment was sealed but the next could not be created yet: the next append
  // creates it before writing anything.
  bool _roll_pending = false;
  // Moves whenever offsets past the durable end stop meaning what they meant (truncation, a
  // failed fsync): a flush that started before must not advance the durable end.
  uint64_t _durability_generation = 0;
  std::vector<std::function<void()>> _deferred_callbacks;

  // preallocation state; _prefill_mutex is held by the prefill job while it writes zeros, and
  // taken after _mutex (never the other way round)
  bool _prefill_pending = false;  // a job is queued or running for [_prefill_from, ...)
  uint64_t _prefill_from = 0;
  std::mutex _prefill_mutex;
  bool _prefill_cancelled = false;  // guarded by _prefill_mutex
  bool _closed = false;
  recovery_report _recovery;

  // group commit state
  bool _flush_in_progress = false;  // a flush job is queued or running
  bool _flush_running = false;      // a flush job is running (close waits for it)
  bool _flush_again = false;
  bool _flush_timer_pending = false;
  int64_t _unflushed_records = 0;
  std::atomic<uint64_t> _appends{0};  // appends ever made; read without the mutex
  uint64_t _appends_at_last_flush = 0;
  uint64_t _appends_covered_by_last_flush = 0;
  std::vector<io::file_ptr> _unsynced_files;
  std::multimap<offset, std::function<void(status)>> _waiters;
};

}  // namespace eventioz::storage
