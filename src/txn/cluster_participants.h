// transaction_participants over the broker's partitions (cluster::topic_manager and
// cluster::partition's transaction operations).
#pragma once

#include "cluster/topic_manager.h"
#include "txn/transaction_participants.h"

namespace eventioz::txn {

class cluster_participants final : public transaction_participants {
 public:
  explicit cluster_participants(cluster::topic_manager& topics) : _topics(topics) {}

  status check_partition(const storage::topic_partition& partition) override;
  status begin_transaction(const storage::topic_partition& partition, producer_identity producer,
                           uint64_t arrival) override;
  void write_marker(const storage::topic_partition& partition, producer_identity producer,
                    bool commit, std::function<void(status)> done) override;

 private:
  cluster::topic_manager& _topics;
};

}  // namespace eventioz::txn
