// txn::transaction_groups over the consumer-group coordinator (groups::group_coordinator).
// Groups and transactions are sibling modules (design §3): the transaction coordinator only
// knows its own interface, and the Kafka server, which owns both, connects them here.
#pragma once

#include "groups/group_coordinator.h"
#include "txn/transaction_participants.h"

namespace eventioz::kafka {

class group_participants final : public txn::transaction_groups {
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

}  // namespace eventioz::kafka
