// The coordinator's in-memory record of one transactional id: the durable state plus what
// only lives in memory (busy flag, the guard's arrival numbers and connection). Internal to
// transaction_coordinator.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "txn/transaction_coordinator.h"

namespace eventioz::txn {

struct transaction_coordinator::entry {
  transaction_metadata state;  // as last made durable
  // A log append or the completion of a decided transaction is in progress. Requests of the
  // producer wait for it in `waiting` (so the next transaction starts the moment the previous
  // one is complete, without a client retry), at most waiting_max of them; beyond that they
  // get CONCURRENT_TRANSACTIONS.
  bool busy = false;
  static constexpr size_t waiting_max = 16;
  std::vector<std::function<void()>> waiting;

  // Queues `retry` to run once the entry is no longer busy; false when the queue is full.
  bool wait(std::function<void()> retry) {
    if (waiting.size() >= waiting_max) return false;
    waiting.push_back(std::move(retry));
    return true;
  }
  // The waiting requests, to run (outside the lock) now that the entry is not busy.
  std::vector<std::function<void()>> take_waiting() { return std::exchange(waiting, {}); }

  // The guard (transaction_coordinator.h). Arrival numbers restart with the broker, as do
  // connections, so after a restart they start at 0.
  uint64_t opened_at = 0;      // arrival of the request that opened the current transaction
  uint64_t ended_at = 0;       // arrival of the EndTxn that ended the last transaction
  uint64_t connection_id = 0;  // newest connection that carried a valid request
  // Outcome of the last transaction decided (true: commit), for late or retried EndTxn.
  std::optional<bool> last_outcome;
};

inline bool is_deciding(transaction_state state) {
  return state == transaction_state::prepare_commit || state == transaction_state::prepare_abort;
}

inline bool is_complete(transaction_state state) {
  return state == transaction_state::complete_commit || state == transaction_state::complete_abort;
}

}  // namespace eventioz::txn
