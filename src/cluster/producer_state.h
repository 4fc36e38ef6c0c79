// What one partition knows about the producers writing to it: for idempotence, each producer's
// epoch and its last five batches (sequence range and offsets), so a retried batch is answered
// with its original offset and a gap is refused; for transactions, each producer's open
// transaction and where it started (the last stable offset stops there), and the index of
// aborted transactions that read_committed consumers need.
//
// A pure state machine: no I/O, no clock, no locks. The partition owns one, guards it with its
// mutex, feeds it the batches it appends (and those it finds in the log at recovery), and
// snapshots it (producer_state_snapshot.h).
//
// Sequences follow Kafka: a batch covers [base_sequence, base_sequence + last_offset_delta],
// wrapping from INT32_MAX to 0; a new epoch starts again at 0. A producer the partition does
// not know (new, expired, or written before its state was kept) is accepted at any sequence,
// as Kafka has done since KIP-360: librdkafka treats UNKNOWN_PRODUCER_ID on a retried batch as
// fatal, and accepting cannot duplicate anything the partition still remembers.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "base/result.h"
#include "base/strong_id.h"
#include "model/record_batch.h"

namespace eventioz::cluster {

// How many of a producer's latest batches are remembered: librdkafka (and Kafka's Java client)
// keep at most five requests in flight per partition, so a retry is always among them.
inline constexpr size_t producer_batches_kept = 5;

struct producer_batch {
  int32_t first_sequence = 0;
  int32_t last_sequence = 0;
  offset base_offset;
  offset last_offset;
  auto operator<=>(const producer_batch&) const = default;
};

struct producer_entry {
  int16_t epoch = -1;
  std::deque<producer_batch> batches;  // oldest first, at most producer_batches_kept
  int64_t last_update_ms = 0;
  // Begun (AddPartitionsToTxn) and not yet ended by a marker.
  bool transaction_open = false;
  // The transaction's first batch here; unset until it writes one.
  std::optional<offset> transaction_first_offset;
  bool operator==(const producer_entry&) const = default;
};

struct aborted_transaction {
  int64_t producer_id = -1;
  offset first_offset;
  offset last_offset;  // the ABORT marker's offset
  auto operator<=>(const aborted_transaction&) const = default;
};

// The answer to an incoming batch that may be appended: either append it, or it is a retry of
// `original`, already in the log.
struct batch_decision {
  bool duplicate = false;
  producer_batch original;
};

// What writing a marker changed, so that a marker whose append failed can be undone.
struct closed_transaction {
  int64_t producer_id = -1;
  bool was_open = false;
  std::optional<offset> first_offset;
  bool aborted = false;
  offset marker_offset;
};

class producer_state {
 public:
  // Whether the batch may be appended. Errors: errc::invalid_producer_epoch (an epoch below
  // the producer's), errc::invalid_txn_state (a transactional batch without begin_transaction
  // for its epoch), errc::out_of_order_sequence (a gap, an old batch no longer remembered, or
  // a new epoch not starting at 0). REQUIRES: header.producer_id >= 0, not a control batch.
  result<batch_decision> check_batch(const model::record_batch_header& header) const;

  // Records a batch the log accepted at [base, last] (also used to replay the log: then a
  // transactional batch opens its transaction when none is open).
  void record_batch(const model::record_batch_header& header, offset base, offset last,
                    int64_t now_ms);

  // Undoes record_batch for the producer's batches at or after `base` (their append failed
  // and the log dropped them).
  void forget_batches_from(int64_t producer_id, offset base);

  // The producer may now write transactional batches. A higher epoch fences the old one (its
  // sequences start over); a lower one is errc::invalid_producer_epoch.
  status begin_transaction(int64_t producer_id, int16_t epoch, int64_t now_ms);

  // Before writing a marker: errc::invalid_producer_epoch for a fenced epoch; otherwise raises
  // the producer's epoch to `epoch` and says whether a marker must be written (a transaction
  // with data is open). A transaction begun without data is simply closed.
  result<bool> prepare_marker(int64_t producer_id, int16_t epoch, int64_t now_ms);

  // The marker at `marker_offset` ended the producer's transaction (replayed markers too).
  closed_transaction record_marker(int64_t producer_id, int16_t epoch, bool commit,
                                   offset marker_offset, int64_t now_ms);
  void undo_marker(const closed_transaction& closed);

  // The first offset of the earliest open transaction with data, if any.
  std::optional<offset> first_unstable_offset() const;

  // Aborted transactions whose range [first, last] overlaps [from, to), by marker offset.
  std::vector<aborted_transaction> aborted_overlapping(offset from, offset to) const;

  // Drops producers idle for `expiration_ms` or more, except those in a transaction.
  size_t expire(int64_t now_ms, int64_t expiration_ms);
  // Drops aborted transactions that ended below `log_start` (their data is gone).
  void forget_aborted_before(offset log_start);

  const std::map<int64_t, producer_entry>& producers() const { return _producers; }
  const std::vector<aborted_transaction>& aborted() const { return _aborted; }
  // For loading a snapshot. REQUIRES: aborted transactions in marker-offset order.
  void restore_producer(int64_t producer_id, producer_entry entry);
  void restore_aborted(aborted_transaction aborted);

  // Moves on every change; the snapshot writer skips writing when it has not moved.
  uint64_t version() const { return _version; }

 private:
  // Brings the index of open transactions up to date with `producer_id`'s entry; called after
  // every change to an entry's transaction fields.
  void reindex_unstable(int64_t producer_id);

  std::map<int64_t, producer_entry> _producers;
  std::vector<aborted_transaction> _aborted;  // ordered by last_offset
  // The first offsets of the open transactions with data, by producer and sorted, so that the
  // last stable offset (computed on every append) does not scan every producer the partition
  // remembers (idle ones stay for a day).
  std::map<int64_t, offset> _unstable_of;
  std::multiset<offset> _unstable_offsets;
  uint64_t _version = 0;
};

// The last sequence of a batch starting at `base_sequence` with `last_offset_delta`, wrapping
// at INT32_MAX as Kafka does.
int32_t last_sequence_of(int32_t base_sequence, int32_t last_offset_delta);

}  // namespace eventioz::cluster
