// Forwarding the coordinator's calls to the partitions.
#include "txn/cluster_participants.h"

#include <spdlog/spdlog.h>

#include "cluster/errc.h"
#include "storage/errc.h"

namespace eventioz::txn {
namespace {

bool is_gone(const error& failure) {
  return failure == cluster::errc::topic_not_found || failure == storage::errc::partition_not_found;
}

}  // namespace

status cluster_participants::check_partition(const storage::topic_partition& partition) {
  auto found = _topics.get_partition(partition.topic, partition.partition);
  if (!found) return found.error_value();
  return ok_status();
}

status cluster_participants::begin_transaction(const storage::topic_partition& partition,
                                               producer_identity producer, uint64_t arrival) {
  EVENTIOZ_TRY(auto found, _topics.get_partition(partition.topic, partition.partition));
  return found->begin_transaction(producer.producer_id, producer.producer_epoch, arrival);
}

void cluster_participants::write_marker(const storage::topic_partition& partition,
                                        producer_identity producer, bool commit,
                                        std::function<void(status)> done) {
  auto found = _topics.get_partition(partition.topic, partition.partition);
  if (!found && is_gone(found.error_value())) {
    // Deleted since it joined the transaction: there is nothing left to mark, and retrying
    // would block the transactional id forever (Kafka counts such a marker as written too).
    spdlog::info("transaction marker for {}-{} skipped: the partition no longer exists",
                 partition.topic, partition.partition);
    return done(ok_status());
  }
  if (!found) return done(found.error_value());
  // A single node has one coordinator generation: coordinator epoch 0.
  (*found)->write_transaction_marker(producer.producer_id, producer.producer_epoch, commit,
                                     /*coordinator_epoch=*/0,
                                     [done = std::move(done)](result<offset> written) {
                                       if (!written) return done(written.error_value());
                                       done(ok_status());
                                     });
}

}  // namespace eventioz::txn
