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
  stream_partition(partition_key key, std::shared_ptr<storage::partition_log> log,
                   stream_index& index);

  result<cluster::admission> admit(std::span<const mutable_byte_span> batches,
                                   cluster::append_note* note) override;
  void assigned(uint64_t ticket, size_t batch_index, offset base) override;
  void settled(uint64_t ticket, const status& outcome) override;

  // Indexes what the log has committed beyond the index's watermark.
  status catch_up();
  const partition_key& key() const { return _key; }
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
  };

  status catch_up_locked();
  // The head of `stream`: pending or cached, else from the index.
  result<stream_head> head_locked(const std::string& stream);
  // Indexes every pending event below `durable_end` and moves the watermark there.
  status index_pending_locked(int64_t durable_end);
  // After a failed append has settled with all others: start again from the index.
  void forget_locked();
  // Answers a retry from the event ids, when the first one is known: the original outcome
  // (duplicate), an event_id_conflict, or nullopt (a new append).
  result<std::optional<cluster::admission>> check_retry_locked(const std::string& stream,
                                                               store_append_note& note);

  mutable std::mutex _mutex;
  partition_key _key;
  std::shared_ptr<storage::partition_log> _log;
  stream_index& _index;
  std::unordered_map<std::string, stream_head> _heads;
  std::deque<pending_event> _pending;
  std::unordered_map<std::string, event_location> _pending_ids;
  std::map<uint64_t, ticket_state> _tickets;  // admitted and not settled
  uint64_t _next_ticket = 1;
  bool _caught_up = false;
  bool _failed = false;
  int64_t _watermark = 0;
};

}  // namespace eventioz::eventstore
