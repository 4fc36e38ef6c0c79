// Forwarding the coordinator's calls to the partitions.
#include "txn/cluster_participants.h"

namespace eventioz::txn {

status cluster_participants::check_partition(const storage::topic_partition& partition) {
  auto found = _topics.get_partition(partition.topic, partition.partition);
  if (!found) return found.error_value();
  return ok_status();
}

status cluster_participants::begin_transaction(const storage::topic_partition& partition,
                                               producer_identity producer) {
  EVENTIOZ_TRY(auto found, _topics.get_partition(partition.topic, partition.partition));
  (void)found;
  (void)producer;
  return ok_status();  // PENDING slice P: found->begin_transaction(id, epoch)
}

void cluster_participants::write_marker(const storage::topic_partition& partition,
                                        producer_identity producer, bool commit,
                                        std::function<void(status)> done) {
  auto found = _topics.get_partition(partition.topic, partition.partition);
  if (!found) return done(found.error_value());
  (void)producer;
  (void)commit;
  done(ok_status());  // PENDING slice P: (*found)->write_transaction_marker(...)
}

}  // namespace eventioz::txn
