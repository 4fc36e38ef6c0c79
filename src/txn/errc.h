// Expected failures of the transaction coordinator and the producer-id allocator. Each one is
// a different answer to the client (kafka/server/error_mapping.cc maps them).
#pragma once

#include <system_error>

namespace eventioz::txn {

enum class errc {
  // The request's producer epoch is older than the transactional id's: a zombie (fenced).
  producer_fenced = 1,
  // The request's producer id is not the one the transactional id holds (or an idempotent
  // producer's id/epoch pair was never handed out).
  invalid_producer_id_mapping,
  // The request does not fit the transaction's state (EndTxn with nothing open, the opposite
  // outcome of a transaction already ending, a request from an earlier transaction).
  invalid_txn_state,
  // transaction_timeout_ms out of range (above transaction.max.timeout.ms, or not positive).
  invalid_transaction_timeout,
  // The previous transaction is still completing (markers being written): retry shortly.
  concurrent_transactions,
  // Another partition of the same AddPartitionsToTxn failed, so this one was not added.
  operation_not_attempted,
  // The request came over an older connection than the newest one the producer used: the
  // connection is closed instead of answering (the guard in transaction_coordinator.h).
  superseded_connection,
  // The coordinator's state could not be read or written (__transaction_state, the
  // producer-id reservation file), or no producer id is left.
  coordinator_not_available,
};

const std::error_category& error_category();

inline std::error_code make_error_code(errc code) {
  return {static_cast<int>(code), error_category()};
}

}  // namespace eventioz::txn

template <>
struct std::is_error_code_enum<eventioz::txn::errc> : std::true_type {};
