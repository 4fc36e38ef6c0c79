// One partition as the broker serves it: its log, the shard that owns it, and the high
// watermark (the end of what consumers may read) with the fetches waiting for it to move.
//
// In a single node the high watermark is the durable end: a batch becomes readable (and is
// acknowledged) once it has been fsynced, unless the topic opted into flush.messages > 1, in
// which case it is readable as soon as it is appended. The log's own committed end always
// stays at durable data, so recovery never finds committed bytes missing. Raft will later move
// the high watermark on quorum.
//
// Producers (idempotence and transactions): appends of batches with a producer id are checked
// against the partition's producer_state (producer_state.h) and recorded in it, under one mutex
// held from the check until the log has assigned offsets, so in-flight batches of a producer
// see each other. A retried batch is answered with its original offset once that is durable; a
// batch whose append fails is forgotten again. Transaction markers are written by the
// transaction coordinator through write_transaction_marker; the last stable offset (LSO) is
// the first offset of the earliest open transaction, or the high watermark. The state survives
// restarts through a snapshot (producer_state_snapshot.h) plus a scan of the log after it.
//
// Thread-safe. The owning shard is where the Kafka layer runs operations on the partition, so
// that one partition's appends are ordered by one thread; the log itself is also safe to call
// from elsewhere (housekeeping, admin). The transaction calls may come from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "cluster/append_guard.h"
#include "cluster/producer_state.h"
#include "cluster/topic_probe.h"
#include "io/file_system.h"
#include "storage/log_manager.h"
#include "storage/partition_log.h"

namespace eventioz::cluster {

struct partition_options {
  // Where the producer-state snapshot is kept; null: never written (tests).
  io::file_system* fs = nullptr;
  // Kafka's producer.id.expiration.ms: producers idle this long are forgotten.
  int64_t producer_id_expiration_ms = 86'400'000;
  const clock* time = &system_clock();
};

class partition : public std::enable_shared_from_this<partition> {
 public:
  partition(storage::topic_partition id, std::shared_ptr<storage::partition_log> log,
            uint32_t owner_shard, partition_options options = {});

  const storage::topic_partition& id() const { return _id; }
  uint32_t owner_shard() const { return _owner_shard; }
  storage::partition_log& log() { return *_log; }
  // The topic's traffic counters: appends count here; Fetch counts what it sends.
  topic_probe& probe() { return _probe; }

  // Appends `batches` in order, one after another with nothing in between, and calls `done`
  // with the first base offset once all are acknowledged: durable, or (for topics with
  // flush.messages > 1) appended. A batch over max.message.bytes fails the call before anything
  // is written. Each batch is rewritten in place (base offset, epoch). REQUIRES: when there is
  // more than one batch, the caller validated them all (a single one is validated here).
  // `done` runs on whichever thread completes it (a flush thread, or the caller's).
  // A batch with a producer id must come alone; errc::out_of_order_sequence,
  // invalid_producer_epoch, invalid_txn_state and producer_batch_refused (control batches are
  // the broker's) refuse it; a retry of one of the producer's last five batches succeeds with
  // the original base offset and writes nothing.
  // `arrival` (optional): the broker's arrival number of the produce request that carried the
  // batches (request_context::arrival); a transactional batch that arrived before the
  // AddPartitionsToTxn that opened its producer's current transaction here (begin_transaction)
  // belongs to an earlier transaction and is refused with invalid_txn_state. 0: not checked.
  // `note` (optional) goes to the partition's append guard, if it has one (see below).
  void append(std::span<const mutable_byte_span> batches, std::function<void(result<offset>)> done,
              uint64_t arrival = 0, append_note* note = nullptr);

  // The guard every append passes (append_guard.h): it may refuse batches, and learns their
  // offsets and durability. Set once, as the partition is opened, before anything is appended.
  // A partition with a guard acknowledges appends only when durable, whatever flush.messages
  // says (the guard's state must never get ahead of the log).
  void set_append_guard(std::shared_ptr<append_guard> guard) { _guard = std::move(guard); }
  append_guard* guard() const { return _guard.get(); }

  offset high_watermark() const;

  // --- Producers and transactions (partition_producers.cc) ---

  // Loads the snapshot and replays the log after it (all of it without a usable snapshot).
  // Call once, before the partition is used. Errors: the log could not be read.
  status recover_producer_state();

  // AddPartitionsToTxn: (pid, epoch) may now write transactional batches here. Fences lower
  // epochs. `begin_arrival` (optional, 0: none): the arrival number of the AddPartitionsToTxn
  // request; transactional batches of the producer read off the wire before it are refused
  // (the late-produce guard: same producer id and epoch, next sequence, yet an earlier
  // transaction's batch). Kept in memory only, until the transaction's marker.
  status begin_transaction(int64_t producer_id, int16_t producer_epoch, uint64_t begin_arrival = 0);
  // EndTxn: appends a COMMIT or ABORT control batch for the producer's open transaction (a
  // no-op success, answering the log end offset, when none is open), updates the last stable
  // offset and the aborted-transaction index. `done` gets the marker's offset once it is
  // durable (on a flush thread), or runs on the calling thread (no-op, fenced epoch, errors);
  // errc::invalid_producer_epoch when a higher epoch fenced `producer_epoch`.
  void write_transaction_marker(int64_t producer_id, int16_t producer_epoch, bool commit,
                                int32_t coordinator_epoch,
                                std::function<void(result<offset>)> done);
  offset last_stable_offset() const;  // == high_watermark() when no transaction is open
  // Aborted transactions overlapping [from, to), for read_committed fetches.
  std::vector<aborted_transaction> aborted_transactions(offset from, offset to) const;

  // Expires idle producers and, when the state changed (or, `closing`, the log moved), syncs the
  // log and writes the snapshot. Blocks on fsyncs: for housekeeping and close, never a shard
  // thread.
  status save_producer_state(bool closing);

  // Calls `wake` once, after the high watermark next moves past `seen` (at once, on this
  // thread, if it already has). Used by long-polling fetches; `wake` must be cheap and
  // thread-safe (it posts). Returns a ticket for unwatch(), which a fetch that finished
  // for another reason must call so idle partitions do not collect watchers.
  uint64_t watch_high_watermark(offset seen, std::function<void()> wake);
  void unwatch(uint64_t ticket);

 private:
  void advance_high_watermark(offset end);
  // The log's committed end may only cover durable data (recovery relies on it).
  void advance_committed_when_durable(offset last);
  // After appending [first_base, last]: acknowledges once durable (or at once for topics
  // without per-append sync); runs `undo` (if any) when that fails. `settle` (a guarded append,
  // which always syncs) hears the outcome first, and on success before the high watermark
  // moves: a reader woken by the move (a push subscription) finds what the guard derived from
  // the batches (the stream index) already there.
  void complete_append(offset first_base, offset last, bool syncs_every_append,
                       std::function<void(result<offset>)> done, std::function<void()> undo,
                       std::function<status(const status&)> settle = nullptr);

  void append_producer_batch(mutable_byte_span batch, const model::record_batch_header& header,
                             bool syncs_every_append, std::function<void(result<offset>)> done,
                             uint64_t arrival);
  void answer_duplicate(const producer_batch& original, std::function<void(result<offset>)> done);
  // Answers `done` with `base` once `last` is durable (a retried append written before).
  void answer_when_durable(offset base, offset last, std::function<void(result<offset>)> done);
  // append() for a partition with a guard (partition_guarded_append.cc).
  void append_guarded(std::span<const mutable_byte_span> batches,
                      std::function<void(result<offset>)> done, append_note* note);
  // What tells the guard how ticket `ticket` settled (complete_append's `settle`).
  std::function<status(const status&)> settler(uint64_t ticket);
  // REQUIRES: _producer_mutex held.
  void refresh_first_unstable_locked();
  status replay_log_from(offset start);

  storage::topic_partition _id;
  std::shared_ptr<storage::partition_log> _log;
  std::shared_ptr<append_guard> _guard;
  uint32_t _owner_shard;
  topic_probe _probe;

  mutable std::mutex _mutex;
  std::map<uint64_t, std::function<void()>> _watchers;
  std::atomic<int64_t> _high_watermark{0};
  uint64_t _next_ticket = 1;

  partition_options _options;
  // Guards _producers and orders producer checks with the log appends they decide.
  // Lock order: _producer_mutex, then the log's. Recursive because a log append runs the
  // durability callbacks that are due on the appending thread, and those (undoing a failed
  // batch, or a caller's `done` that appends again) take it too.
  mutable std::recursive_mutex _producer_mutex;
  producer_state _producers;
  // Per producer with a transaction open here: the arrival number of the AddPartitionsToTxn
  // that opened it (begin_transaction). Guarded by _producer_mutex.
  std::map<int64_t, uint64_t> _transaction_begun_at;
  // What the snapshot on disk reflects: the state's version and the log offset.
  uint64_t _saved_version = 0;
  offset _saved_applied_through{0};
  // The first offset of the earliest open transaction (INT64_MAX: none), for lock-free LSO reads.
  std::atomic<int64_t> _first_unstable{INT64_MAX};
};

}  // namespace eventioz::cluster
