// What the transaction handlers share: the coordinator's view of a request (producer, and
// where and when it reached the broker), and the answer to txn::errc::superseded_connection.
#pragma once

#include <string>

#include "kafka/server/request_context.h"
#include "txn/errc.h"
#include "txn/transaction_coordinator.h"

namespace eventioz::kafka {

inline txn::request_origin origin_of(const request_context& context) {
  return {.arrival = context.arrival, .connection_id = context.connection_id};
}

inline txn::transaction_request transaction_request_of(const request_context& context,
                                                       std::string transactional_id,
                                                       int64_t producer_id,
                                                       int16_t producer_epoch) {
  return {.transactional_id = std::move(transactional_id),
          .producer = {producer_id, producer_epoch},
          .origin = origin_of(context)};
}

// The guard in txn/transaction_coordinator.h: a request that came over a connection the
// producer has left is not answered; the connection is closed so nothing else on it is read.
// Returns whether it closed.
inline bool closed_if_superseded(request_context& context, const error& failure) {
  if (failure != txn::errc::superseded_connection) return false;
  context.close_connection(failure.message());
  return true;
}

}  // namespace eventioz::kafka
