// Fakes for the transaction coordinator's surroundings: an in-memory log, partitions and
// groups that record what they were asked, each able to hold completions back or fail.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "cluster/errc.h"
#include "txn/errc.h"
#include "txn/transaction_log.h"
#include "txn/transaction_participants.h"

namespace eventioz::txn::testing {

class memory_log final : public transaction_log {
 public:
  void append(const transaction_metadata& record, std::function<void(status)> done) override {
    if (fail_appends) return done(error(std::make_error_code(std::errc::io_error), "injected"));
    records.push_back(record);
    bool completion = record.state == transaction_state::complete_commit ||
                      record.state == transaction_state::complete_abort;
    if (hold_completions && completion) return held_completions.push_back(std::move(done));
    done(ok_status());
  }
  result<std::vector<transaction_metadata>> read_all() override { return records; }

  std::vector<transaction_state> states_of(const std::string& id) const {
    std::vector<transaction_state> states;
    for (const auto& record : records) {
      if (record.transactional_id == id) states.push_back(record.state);
    }
    return states;
  }

  std::vector<transaction_metadata> records;
  bool fail_appends = false;
  // Complete* records are placed in the log, but their durability is not reported.
  bool hold_completions = false;
  std::vector<std::function<void(status)>> held_completions;
};

struct marker {
  storage::topic_partition partition;
  producer_identity producer;
  bool commit = false;
  uint64_t arrival = 0;  // begin_transaction only
};

class fake_participants final : public transaction_participants {
 public:
  status check_partition(const storage::topic_partition& partition) override {
    if (partition.partition < 0 || partition.partition >= 4 || partition.topic == "missing") {
      return error(cluster::errc::topic_not_found, "no such partition (fake)");
    }
    return ok_status();
  }
  status begin_transaction(const storage::topic_partition& partition, producer_identity producer,
                           uint64_t arrival) override {
    begun.push_back({partition, producer, false, arrival});
    return ok_status();
  }
  void write_marker(const storage::topic_partition& partition, producer_identity producer,
                    bool commit, std::function<void(status)> done) override {
    markers.push_back({partition, producer, commit});
    if (hold_markers) return held.push_back(std::move(done));
    if (fail_markers) return done(error(std::make_error_code(std::errc::io_error), "injected"));
    done(ok_status());
  }
  void release_markers() {
    auto pending = std::move(held);
    held.clear();
    for (auto& done : pending) done(ok_status());
  }

  std::vector<marker> begun;
  std::vector<marker> markers;
  bool hold_markers = false;
  bool fail_markers = false;
  std::deque<std::function<void(status)>> held;
};

class fake_groups final : public transaction_groups {
 public:
  storage::topic_partition offsets_partition_for(const std::string& group_id) override {
    return {"__consumer_offsets", static_cast<int32_t>(group_id.size() % 4)};
  }
  void complete_transaction(const std::string& group_id, int64_t producer_id, bool commit,
                            std::function<void(status)> done) override {
    completed.push_back({group_id, producer_id, commit});
    if (hold_completions) return held.push_back(std::move(done));
    if (fail_completions) return done(error(std::make_error_code(std::errc::io_error), "injected"));
    done(ok_status());
  }
  void release_completions() {
    auto pending = std::move(held);
    held.clear();
    for (auto& done : pending) done(ok_status());
  }
  bool hold_completions = false;
  bool fail_completions = false;
  std::deque<std::function<void(status)>> held;
  struct completion {
    std::string group;
    int64_t producer_id;
    bool commit;
  };
  std::vector<completion> completed;
};

}  // namespace eventioz::txn::testing
