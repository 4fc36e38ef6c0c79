// transaction_groups over the consumer-group coordinator (groups::group_coordinator).
#pragma once

#include "groups/group_coordinator.h"
#include "txn/transaction_participants.h"

namespace eventioz::txn {

class group_participants final : public transaction_groups {
 public:
  explicit group_participants(groups::group_coordinator& groups) : _groups(groups) {}

  storage::topic_partition offsets_partition_for(const std::string& group_id) override {
    return {groups::offsets_topic_name, _groups.partition_for(group_id)};
  }
  void complete_transaction(const std::string& group_id, int64_t producer_id, bool commit,
                            std::function<void(status)> done) override {
    _groups.complete_transaction(group_id, producer_id, commit, std::move(done));
  }

 private:
  groups::group_coordinator& _groups;
};

}  // namespace eventioz::txn
