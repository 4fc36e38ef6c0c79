// The transaction log kept in the internal topic __transaction_state: compacted, a few
// partitions (transaction.state.log.num.partitions, default 4), one record per state change,
// keyed by transactional id (format in transaction_record.h). A transactional id always maps
// to the same partition, so its records stay in order.
//
// Thread-safe: appends go straight to cluster::partition::append (which is, and which places
// the record in the log before it returns, as transaction_log::append requires), reads happen
// once at start.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/clock.h"
#include "cluster/topic_manager.h"
#include "txn/transaction_log.h"

namespace eventioz::txn {

class state_topic_log final : public transaction_log {
 public:
  static constexpr const char* topic_name = "__transaction_state";

  // Creates the topic when missing (internal, compacted, `partition_count` partitions); an
  // existing one keeps its partition count.
  static result<std::unique_ptr<state_topic_log>> open(cluster::topic_manager& topics,
                                                       int32_t partition_count, const clock& time);

  void append(const transaction_metadata& record, std::function<void(status)> done) override;
  result<std::vector<transaction_metadata>> read_all() override;

  // Which partition holds `transactional_id` (FNV-1a of its bytes, modulo the partition count;
  // do not change: records already written stay where this put them).
  int32_t partition_for(const std::string& transactional_id) const;

 private:
  state_topic_log(cluster::topic_manager& topics, int32_t partition_count, const clock& time);
  status read_partition(int32_t index, std::vector<transaction_metadata>& records);

  cluster::topic_manager& _topics;
  const int32_t _partition_count;
  const clock& _clock;
};

}  // namespace eventioz::txn
