// A rule a partition applies to every batch appended to it, for modules above cluster that keep
// state derived from the log in step with it (the event store's stream versions,
// src/eventstore). The partition calls the guard under its append lock, so what admit()
// decides holds until the log has assigned offsets:
//
//   admit(batches)  ->  refused (nothing written; the appender's `done` gets the error)
//                   |   duplicate of an earlier append (nothing written; `done` gets its offset
//                   |     once that is durable)
//                   |   admitted with a ticket -> assigned(ticket, batch, base offset) per batch
//                                                 -> settled(ticket, status) once durable or
//                                                    failed, before the appender's `done` runs.
//   A ticket whose log append failed before the batches were written gets settled() with the
//   error at once.
//
// admit and assigned run on the appending thread (the partition's owner shard for produce);
// settled runs on a flush thread or the appending thread. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/bytes.h"
#include "base/result.h"
#include "base/strong_id.h"

namespace eventioz::cluster {

// What an appender tells the guard about its append and learns back from it (the event store's
// HTTP appends: expected versions, idempotency, the versions given). Kafka produce passes none.
class append_note {
 public:
  virtual ~append_note() = default;
};

// An earlier append that the admitted batches repeat: [base, last] in the log.
struct earlier_append {
  offset base;
  offset last;
};

struct admission {
  uint64_t ticket = 0;
  // Set when the batches repeat an append already made: nothing is written, and the appender is
  // answered with its base offset once its last offset is durable.
  std::optional<earlier_append> duplicate_of;
};

class append_guard {
 public:
  virtual ~append_guard() = default;

  // REQUIRES: called under the partition's append lock. An error refuses the batches.
  virtual result<admission> admit(std::span<const mutable_byte_span> batches,
                                  append_note* note) = 0;
  // The log assigned `base` to batch number `batch_index` of the admitted batches.
  virtual void assigned(uint64_t ticket, size_t batch_index, offset base) = 0;
  // The admitted batches are durable (ok) or will never be (the log cut them). An error returned
  // for durable batches is what the appender hears instead of success (the guard cannot vouch
  // for what it admitted: the appender must retry).
  virtual status settled(uint64_t ticket, const status& outcome) = 0;
};

}  // namespace eventioz::cluster
