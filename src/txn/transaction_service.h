// Everything the broker needs for producer ids and transactions, opened together: the
// producer-id allocator, __transaction_state, the adapters to partitions (and groups), and
// the coordinator, recovered from the log.
//
// Lifecycle: open() after the topic manager, before clients connect; expire() periodically;
// destroy after the Kafka server has stopped and before the topic manager closes.
#pragma once

#include <memory>

#include "cluster/topic_manager.h"
#include "groups/group_coordinator.h"
#include "txn/cluster_participants.h"
#include "txn/group_participants.h"
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
  // `groups` may be null (no group coordinator): AddOffsetsToTxn is then refused. It outlives
  // the service.
  static result<std::unique_ptr<transaction_service>> open(cluster::topic_manager& topics,
                                                           groups::group_coordinator* groups,
                                                           transaction_service_options options,
                                                           const clock& time = system_clock());

  transaction_coordinator& coordinator() { return *_coordinator; }

 private:
  transaction_service() = default;

  std::unique_ptr<producer_id_allocator> _producer_ids;
  std::unique_ptr<state_topic_log> _log;
  std::unique_ptr<cluster_participants> _partitions;
  std::unique_ptr<group_participants> _groups;
  std::unique_ptr<transaction_coordinator> _coordinator;
};

}  // namespace eventioz::txn
