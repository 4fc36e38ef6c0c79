// What the coordinator knows about one transactional id: the producer that owns it and the
// transaction it has open. This is what a __transaction_state record holds (its binary format
// is in transaction_record.h).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "storage/log_manager.h"

namespace eventioz::txn {

// On-disk values (transaction_record.h): do not change.
enum class transaction_state : uint8_t {
  empty = 0,            // a producer is registered, no transaction open
  ongoing = 1,          // partitions or offsets were added; neither committed nor aborted
  prepare_commit = 2,   // commit decided (durably); markers being written
  prepare_abort = 3,    // abort decided (durably); markers being written
  complete_commit = 4,  // markers written everywhere
  complete_abort = 5,
  dead = 6,  // removed (unused so far: transactional ids are kept)
};

std::string_view name_of(transaction_state state);

struct producer_identity {
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  auto operator<=>(const producer_identity&) const = default;
};

struct transaction_metadata {
  std::string transactional_id;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  // The epoch before a timeout aborted the transaction (and bumped the epoch), so the producer
  // that timed out may still reinitialise with it (KIP-360); -1 otherwise (after fencing).
  int16_t last_producer_epoch = -1;
  int32_t timeout_ms = 60'000;
  transaction_state state = transaction_state::empty;
  std::set<storage::topic_partition> partitions;
  std::set<std::string> groups;  // consumer groups whose offsets the transaction commits
  int64_t start_ms = -1;         // when the open transaction began (-1: none open)
  int64_t last_update_ms = 0;

  producer_identity producer() const { return {producer_id, producer_epoch}; }
  bool operator==(const transaction_metadata&) const = default;
};

}  // namespace eventioz::txn
