// Where the coordinator keeps its state durably: one record per state change of a
// transactional id, latest record per id wins. The real one is __transaction_state
// (state_topic_log.h); unit tests use an in-memory one.
#pragma once

#include <functional>
#include <vector>

#include "base/result.h"
#include "txn/transaction_metadata.h"

namespace eventioz::txn {

class transaction_log {
 public:
  virtual ~transaction_log() = default;

  // Appends `record`; `done` runs (on any thread) once it is durable, or with the error that
  // kept it from being written. The record has its place in the log when append returns: a
  // record appended later is durable only once this one is (the coordinator relies on it to
  // start the next transaction before a Complete* record is durable). Records of one
  // transactional id are appended one at a time, so they land in order.
  virtual void append(const transaction_metadata& record, std::function<void(status)> done) = 0;

  // Every record, in append order per transactional id (a later one replaces an earlier one).
  virtual result<std::vector<transaction_metadata>> read_all() = 0;
};

}  // namespace eventioz::txn
