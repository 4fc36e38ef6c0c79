// What the coordinator asks of the partitions and consumer groups in a transaction. The real
// implementations are thin adapters to cluster::partition (txn/cluster_participants.h) and
// groups::group_coordinator (kafka/server/group_participants.h: txn does not depend on groups);
// unit tests use fakes. All methods are thread-safe and may be called from any thread; callbacks
// may run on any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/result.h"
#include "storage/log_manager.h"
#include "txn/transaction_metadata.h"

namespace eventioz::txn {

class transaction_participants {
 public:
  virtual ~transaction_participants() = default;

  // Whether the partition exists (AddPartitionsToTxn answers per partition). Errors: the
  // cluster's topic_not_found / storage's partition_not_found.
  virtual status check_partition(const storage::topic_partition& partition) = 0;

  // AddPartitionsToTxn: `producer` may now write transactional batches to `partition` (lower
  // epochs of the same producer id are fenced there). `arrival`: the arrival number of the
  // request that added the partition (0: unknown); the partition refuses the producer's
  // transactional batches that arrived before it (they belong to an earlier transaction).
  virtual status begin_transaction(const storage::topic_partition& partition,
                                   producer_identity producer, uint64_t arrival) = 0;

  // EndTxn: appends the COMMIT or ABORT marker for the producer's open transaction (a
  // successful no-op when none is open there: markers may be rewritten after a crash).
  virtual void write_marker(const storage::topic_partition& partition, producer_identity producer,
                            bool commit, std::function<void(status)> done) = 0;
};

class transaction_groups {
 public:
  virtual ~transaction_groups() = default;

  // The __consumer_offsets partition that holds `group_id`'s offsets.
  virtual storage::topic_partition offsets_partition_for(const std::string& group_id) = 0;

  // After the marker is in the group's offsets partition: the offsets the producer committed
  // in the transaction become visible (commit) or are dropped. `done` runs once that outcome
  // is durable in the group's partition; an error means it is not and the call must be
  // repeated. Idempotent (ok when nothing is pending), so a completion can be redone.
  virtual void complete_transaction(const std::string& group_id, int64_t producer_id, bool commit,
                                    std::function<void(status)> done) = 0;
};

}  // namespace eventioz::txn
