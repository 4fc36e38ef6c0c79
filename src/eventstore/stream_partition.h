// The guard of one store partition (cluster::append_guard): every batch appended to the
// partition passes it, whoever sends it (this store's API, HTTP produce, Kafka produce).
//
// admit() decodes the batch's records and, record by record, checks and assigns: the record
// needs a key (the stream id); a stream that was deleted takes nothing more; a record with the
// `eventioz-expected-version` header must find its stream at that version (counting the
// records before it in the same append); every other record is the next version of its
// stream; a null value (tombstone) deletes the stream. One refused record refuses the whole
// append (nothing is written). Store appends also pass their event ids (store_append_note): a
// retry of an append that already happened is answered with the original versions and
// offsets, written once.
//
// What admit decided is pending until the log reports the batches durable (settled): then the
// pending events, in log order, go to the stream index with the new watermark, before the
// appender hears back, so a read after an acknowledged append sees it. Heads of streams with
// pending events live in memory; others are read from the index on demand (a bounded cache).
//
// If an append fails after admission (the log cut its undurable tail), the guard refuses
// appends (errc::index_failed, retriable) until every admitted append has settled, then forgets
// its memory and catches up from the index's watermark over the log: the index never holds an
// event the log lost, and never misses one it kept. catch_up() does the same at start-up and
// after a crash (the index may be behind the log; never ahead of its durable part).
//
// Thread-safe: one mutex. admit/assigned run under the partition's append lock (lock order:
// partition, then this); settled runs on a flush thread.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cluster/append_guard.h"
#include "eventstore/event_envelope.h"
#include "eventstore/index_keys.h"
#include "eventstore/stream_index.h"
#include "storage/partition_log.h"

namespace eventioz::eventstore {

// What event_store's appends tell the guard, and learn from it.
struct store_append_note : cluster::append_note {
  // The append's event ids, in order; a retry carries the same ones.
  std::vector<std::string> event_ids;
  // Out: the versions given (or, for a duplicate, the original ones).
  int64_t first_version = -1;
  int64_t last_version = -1;
  bool duplicate = false;
  // Out, with wrong_expected_version and stream_deleted: the stream's current version.
  int64_t current_version = -1;
};

class stream_partition : public cluster::append_guard {
 public:
  // `partition_count`: the store's (fixed); a record whose stream id hashes to another
  // partition is refused.
  stream_partition(partition_key key, int32_t partition_count,
                   std::shared_ptr<storage::partition_log> log, stream_index& index);

  result<cluster::admission> admit(std::span<const mutable_byte_span> batches,
                                   cluster::append_note* note) override;
  void assigned(uint64_t ticket, size_t batch_index, offset base) override;
  status settled(uint64_t ticket, const status& outcome) override;

  // Indexes what the log has committed beyond the index's watermark (a no-op when the guard is
  // current; readers call it so that a guard that forgot its state after a failure rebuilds).
  status catch_up();
  const partition_key& key() const { return _key; }
  // The topic is being deleted: from now on nothing is written to the index for it (a notice
  // still on its way must not bring back what the deletion drops).
  void close();
  // The index covers the log below this offset.
  int64_t indexed_offset() const;

 private:
  struct pending_event {
    uint64_t ticket = 0;
    size_t batch_index = 0;
    int64_t offset_delta = 0;  // within its batch
    bool tombstone = false;
    int64_t next_version = 0;  // for a tombstone: the stream's version count
    stored_event event;        // offset set by assigned()
  };
  struct ticket_state {
    std::vector<int64_t> last_offset_deltas;  // per batch
    int64_t last_offset = -1;                 // set by assigned()
    // Where the log will put the first batch (its end at admission): what the watermark may
    // not pass while the ticket is pending, and what assigned() checks.
    int64_t expected_base = 0;
    // The log put the batches elsewhere than expected (it cut a failed tail meanwhile): the
    // versions admitted are in doubt, the appender is told to retry.
    bool doubtful = false;
  };

  status catch_up_locked();
  // The head of `stream`: pending or cached, else from the index.
  result<stream_head> head_locked(const std::string& stream);
  // Indexes every pending event below `durable_end` and moves the watermark there (never past
  // a pending event the log has not placed yet).
  status index_pending_locked(int64_t durable_end);
  // The refusal of a record in `stream`, or nullopt (partition, deletion, expected version).
  std::optional<error> check_record(const std::string& stream, const stream_head& head,
                                    const event_attributes& attributes, store_append_note* note);
  // After a failed append has settled with all others: start again from the index.
  void forget_locked();
  // Keeps the cache of heads bounded: drops those of streams without pending events.
  void forget_settled_heads_locked();
  // Answers a retry from the event ids, when the first one is known: the original outcome
  // (duplicate), an event_id_conflict, or nullopt (a new append).
  result<std::optional<cluster::admission>> check_retry_locked(const std::string& stream,
                                                               store_append_note& note);

  mutable std::mutex _mutex;
  partition_key _key;
  int32_t _partition_count;
  std::shared_ptr<storage::partition_log> _log;
  stream_index& _index;
  std::unordered_map<std::string, stream_head> _heads;
  std::deque<pending_event> _pending;
  std::unordered_map<std::string, event_location> _pending_ids;
  std::map<uint64_t, ticket_state> _tickets;  // admitted and not settled
  uint64_t _next_ticket = 1;
  bool _caught_up = false;
  bool _failed = false;
  bool _closed = false;
  int64_t _watermark = 0;
};

}  // namespace eventioz::eventstore
