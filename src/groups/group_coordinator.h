// The consumer-group coordinator: every group of this broker, their rebalances and committed
// offsets, kept durably in the compacted internal topic __consumer_offsets.
//
// A group lives in one partition of __consumer_offsets (partition_for); with a cluster, the
// coordinator of a group is the leader of that partition, so groups move with partitions.
//
// Lifecycle: open() creates __consumer_offsets when missing and rebuilds every group by reading
// its partitions from the start: groups come back Empty with their offsets and last generation
// (members rejoin). The owner calls expire() periodically (every ~50-100 ms) to run session and
// rebalance timeouts, and shutdown() before closing the topics, which answers every waiting
// JoinGroup/SyncGroup with COORDINATOR_NOT_AVAILABLE.
//
// Thread-safe: one mutex guards every group; no I/O happens under it (records are appended
// after it is released, and complete on flush threads), and callbacks (`done`) always run with
// no coordinator lock held, on the caller's thread or a flush thread. Each `done` is called
// exactly once. Writes are acknowledged only once durable; concurrent commits share fsyncs
// through the partition's group commit.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "cluster/topic_manager.h"
#include "groups/group.h"
#include "groups/group_records.h"
#include "groups/group_types.h"
#include "model/record_batch.h"

namespace eventioz::groups {

inline constexpr const char* offsets_topic_name = "__consumer_offsets";

struct coordinator_config {
  group_config groups;
  // offsets.topic.num.partitions: used when __consumer_offsets is created; an existing topic
  // keeps its count (partition_for depends on it).
  int32_t offsets_topic_partitions = 8;
  const clock* time = &system_clock();
};

class group_coordinator {
 public:
  static result<std::unique_ptr<group_coordinator>> open(cluster::topic_manager& topics,
                                                         coordinator_config config);
  ~group_coordinator();

  // The __consumer_offsets partition holding `group_id` (stable: a hash of the id).
  int32_t partition_for(const std::string& group_id) const;
  int32_t partition_count() const { return static_cast<int32_t>(_partitions.size()); }

  // JoinGroup: answered when the join phase ends (or at once for errors and rejoins).
  void join(join_request request, std::function<void(join_result)> done);
  // SyncGroup: answered when the leader's assignment is durable (or at once).
  void sync(sync_request request, std::function<void(sync_result)> done);
  std::error_code heartbeat(const heartbeat_request& request);
  // LeaveGroup (v0-2: one member; v3+: several). Unknown group: unknown_member_id.
  leave_result leave(const std::string& group_id, const std::vector<leaving_member>& members);

  // OffsetCommit: one error per offset (empty = stored), after the records are durable.
  // Offsets of partitions that do not exist: unknown_topic_or_partition.
  void commit_offsets(commit_request request,
                      std::function<void(std::vector<std::error_code>)> done);
  // OffsetFetch: `partitions` nullopt = every committed offset of the group. Unknown
  // partitions answer -1. With `require_stable`, partitions with pending transactional offsets
  // answer unstable_offset_commit.
  std::vector<fetched_offset> fetch_offsets(
      const std::string& group_id,
      const std::optional<std::vector<topic_partition_key>>& partitions, bool require_stable);
  // OffsetDelete: group error (group_id_not_found, non_empty_group), else one per partition
  // (group_subscribed_to_topic when members consume the topic).
  void delete_offsets(const std::string& group_id, std::vector<topic_partition_key> partitions,
                      std::function<void(std::error_code, std::vector<std::error_code>)> done);

  std::vector<group_description> describe_groups(const std::vector<std::string>& group_ids);
  // Every group but dead ones; `states` empty: all states.
  std::vector<group_listing> list_groups(const std::vector<group_state>& states);
  // DeleteGroups: one error per group (group_id_not_found, non_empty_group), once durable.
  void delete_groups(std::vector<std::string> group_ids,
                     std::function<void(std::vector<std::error_code>)> done);

  // TxnOffsetCommit: offsets held pending under (producer id, epoch), written to
  // __consumer_offsets, invisible to OffsetFetch until complete_transaction(commit=true).
  // An older epoch than the pending one: invalid_producer_epoch (a newer one drops the older
  // epoch's pending offsets). `member` (v3+) is checked against the group when its generation
  // is >= 0: unknown_member_id, fenced_instance_id, illegal_generation.
  void commit_transactional_offsets(const std::string& group_id, int64_t producer_id,
                                    int16_t producer_epoch, std::vector<offset_to_commit> offsets,
                                    std::function<void(std::vector<status>)> done,
                                    const committer& member = {});
  // Called by the transaction coordinator once the transaction's outcome is decided: the
  // pending offsets of `producer_id` become committed offsets (commit) or are dropped, through
  // a transaction_end record. `done` runs once that record is durable (ok at once when nothing
  // is pending: idempotent, so a completion can be redone after a restart); on an error the
  // offsets stay pending and the caller must call again. The transaction coordinator records
  // the transaction complete only after every group's `done` succeeded, so a restart can
  // never find offsets pending for a transaction it considers over.
  void complete_transaction(const std::string& group_id, int64_t producer_id, bool commit,
                            std::function<void(status)> done);

  // Runs every timeout due at `now_ms` (sessions, rebalances, the initial delay).
  void expire(int64_t now_ms);
  // Answers waiting requests and refuses new ones (coordinator_not_available). Idempotent.
  void shutdown();
  // After shutdown() and the transaction coordinator's shutdown, before the topics close:
  // waits up to `bound` for the appends to __consumer_offsets still in flight (their callbacks
  // use the coordinator). Returns how many were still in flight.
  size_t wait_for_writes(std::chrono::milliseconds bound);

 private:
  struct positioned_offset {
    committed_offset value;
    int64_t log_position = -1;  // the record's offset in __consumer_offsets
  };
  // The offsets one producer id holds pending, all of one epoch: those of an older epoch
  // belong to a transaction that is over (aborted by the fencing or timeout that bumped the
  // epoch, or completed), so a newer epoch drops them instead of merging with them.
  struct pending_transaction {
    int16_t producer_epoch = -1;
    std::map<topic_partition_key, committed_offset> offsets;
    uint64_t completing = 0;  // non-zero: complete_transaction is writing the outcome
    // Whether offsets of `epoch` may be held: false for an older epoch; a newer one drops
    // what the older held.
    bool hold(int16_t epoch) {
      if (epoch < producer_epoch) return false;
      if (epoch > producer_epoch) {
        offsets.clear();
        completing = 0;
        producer_epoch = epoch;
      }
      return true;
    }
  };
  struct group_entry {
    explicit group_entry(std::string id, const group_config& config)
        : state(std::move(id), config) {}
    group state;
    std::map<topic_partition_key, positioned_offset> offsets;
    std::map<int64_t, pending_transaction> transactions;
  };
  // A record batch to append after the lock is released.
  struct pending_write {
    int32_t partition = 0;
    std::vector<model::record_to_write> records;
  };
  // Work collected under the lock, done after it.
  struct effects {
    std::vector<std::function<void()>> callbacks;
    std::vector<std::pair<pending_write, std::vector<std::function<void(std::error_code)>>>>
        metadata_writes;
  };

  group_coordinator(cluster::topic_manager& topics, coordinator_config config,
                    std::vector<std::shared_ptr<cluster::partition>> partitions);
  status rebuild();
  status rebuild_partition(cluster::partition& partition);
  static void skip_undecodable(const cluster::partition& partition, offset position,
                               const error& failure);
  void apply_record(const record_key& key, const std::optional<byte_buffer>& value,
                    int64_t position);

  // For each offset: unknown_topic_or_partition when its partition does not exist (asked of
  // the topic manager before taking the coordinator's lock).
  std::vector<std::error_code> check_partitions_exist(
      const std::vector<offset_to_commit>& offsets) const;
  group_entry& entry_for_locked(const std::string& group_id);
  group_entry* find_locked(const std::string& group_id);
  static pending_transaction* find_pending(group_entry& entry, int64_t producer_id) {
    auto found = entry.transactions.find(producer_id);
    return found == entry.transactions.end() ? nullptr : &found->second;
  }
  void collect_locked(group_entry& entry, deferred_work& work, effects& out);
  // Releases `lock`, appends the metadata writes in the order decided, runs the callbacks.
  void finish(std::unique_lock<std::mutex>& lock, effects& out);
  model::record_to_write metadata_record_locked(const group_entry& entry) const;
  void append(pending_write write, std::function<void(result<offset>)> done);
  int64_t now_ms() const { return _config.time->now_ms(); }

  cluster::topic_manager& _topics;
  coordinator_config _config;
  std::vector<std::shared_ptr<cluster::partition>> _partitions;
  // One per partition: metadata records are appended in the order the groups changed.
  std::vector<std::unique_ptr<std::mutex>> _append_order;

  std::mutex _mutex;
  std::map<std::string, std::unique_ptr<group_entry>> _groups;
  bool _shut_down = false;
  // Appends whose completion has not run yet, guarded by _mutex; _writes_done signals a change.
  size_t _writes_in_flight = 0;
  std::condition_variable _writes_done;
  uint64_t _completion_counter = 0;
};

}  // namespace eventioz::groups
