// Everything the broker needs for producer ids and transactions, opened together: the
// producer-id allocator, __transaction_state, the adapter to the partitions, and
// the coordinator, recovered from the log.
//
// Lifecycle: open() after the topic manager, before clients connect; expire() periodically;
// destroy after the Kafka server has stopped and before the topic manager closes.
#pragma once

#include <memory>

#include "cluster/topic_manager.h"
#include "txn/cluster_participants.h"
#include "txn/producer_id_allocator.h"
#include "txn/state_topic_log.h"
#include "txn/transaction_coordinator.h"

namespace eventioz::txn {

struct transaction_service_options {
  int32_t state_partition_count = 4;  // transaction.state.log.num.partitions
  coordinator_options coordinator;
};

class transaction_service {
 public:
  // `groups` (the consumer groups, seen through txn's own interface; the Kafka server adapts
  // groups::group_coordinator to it) may be null: AddOffsetsToTxn is then refused. It
  // outlives the service.
  static result<std::unique_ptr<transaction_service>> open(cluster::topic_manager& topics,
                                                           transaction_groups* groups,
                                                           transaction_service_options options,
                                                           const clock& time = system_clock());

  transaction_coordinator& coordinator() { return *_coordinator; }

 private:
  transaction_service() = default;

  std::unique_ptr<producer_id_allocator> _producer_ids;
  std::unique_ptr<state_topic_log> _log;
  std::unique_ptr<cluster_participants> _partitions;
  std::unique_ptr<transaction_coordinator> _coordinator;
};

}  // namespace eventioz::txn
