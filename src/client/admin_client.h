// Topic, cluster and consumer-group administration over the Kafka protocol: create, list,
// describe, alter and delete topics, add partitions, describe the cluster; list, describe and
// delete groups, read and set their committed offsets. Each call is a few round trips at most
// and reports the broker's error with what to do about it.
//
// Owns its connections; single-threaded.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "client/admin_types.h"
#include "client/broker_pool.h"
#include "client/group_types.h"

namespace eventioz::client {

class admin_client {
 public:
  static result<std::unique_ptr<admin_client>> connect(const connection_options& options);

  // Creates one topic. With `validate_only` the broker checks the request and creates
  // nothing. TOPIC_ALREADY_EXISTS comes back as a kafka_errc error a caller may accept.
  status create_topic(const new_topic& topic, bool validate_only = false);

  // Every topic, sorted by name; internal topics only when asked.
  result<std::vector<topic_listing>> list_topics(bool include_internal = false);

  // Partitions (leaders, replicas) and configuration of one topic.
  result<topic_description> describe_topic(const std::string& name);

  // Sets and removes topic configs (IncrementalAlterConfigs; with a broker that lacks it,
  // AlterConfigs with the whole resulting set, since that request replaces every value).
  status alter_topic_configs(const std::string& name, const config_change& change);

  status delete_topic(const std::string& name);

  // Grows a topic to `total_partitions` (partitions can only be added).
  status create_partitions(const std::string& name, int32_t total_partitions);

  // Cluster id, controller and brokers (DescribeCluster, or Metadata when the broker lacks
  // it), and the number of topics.
  result<cluster_description> describe_cluster();

  // The configuration of one topic (DescribeConfigs).
  result<std::vector<config_entry>> describe_topic_configs(const std::string& name);

  // --- Consumer groups (admin_groups.cc, admin_group_offsets.cc) ---

  // The groups of every broker (ListGroups on each), sorted by id. A broker whose ListGroups
  // predates v4 reports no states; those come from DescribeGroups.
  result<std::vector<group_listing>> list_groups();

  // A group's state, protocol and members with their decoded assignments. A group the
  // coordinator does not know comes back in state "Dead" with no members (or as
  // GROUP_ID_NOT_FOUND, depending on the broker).
  result<group_description> describe_group(const std::string& group_id);

  // Every offset the group has committed, sorted by topic and partition (OffsetFetch v2+ with
  // all topics).
  result<std::vector<committed_offset>> fetch_group_offsets(const std::string& group_id);

  // Commits `offsets` for the group as an outsider (generation -1, no member id), as admin
  // tools do. Coordinators accept this only while the group has no members; otherwise the
  // answer is UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION or REBALANCE_IN_PROGRESS.
  status commit_group_offsets(const std::string& group_id,
                              const std::vector<offset_to_set>& offsets);

  // Deletes groups and their committed offsets: one status per group, in the order given
  // (NON_EMPTY_GROUP while a group has members, GROUP_ID_NOT_FOUND for an unknown one).
  result<std::vector<status>> delete_groups(const std::vector<std::string>& group_ids);

  // ListOffsets (offset_lookup.h) for partitions of `topic`, after waiting for its leaders.
  result<std::vector<int64_t>> list_offsets(const std::string& topic,
                                            const std::vector<int32_t>& partitions,
                                            int64_t timestamp);

  broker_pool& pool() { return *_pool; }

 private:
  explicit admin_client(std::unique_ptr<broker_pool> pool) : _pool(std::move(pool)) {}

  // Where metadata changes go: the controller when the metadata names one, else bootstrap.
  result<broker_connection*> controller();
  status alter_with_replacement(const std::string& name, const config_change& change);

  // The coordinator of `group_id` (FindCoordinator, key type 0) and its node id.
  result<std::pair<broker_connection*, int32_t>> find_group_coordinator(
      const std::string& group_id);
  // Runs `attempt(connection, node_id)` at the group's coordinator, finding it again and
  // retrying while the attempt fails with COORDINATOR_LOAD_IN_PROGRESS,
  // COORDINATOR_NOT_AVAILABLE or NOT_COORDINATOR, up to the request timeout.
  status at_group_coordinator(const std::string& group_id,
                              const std::function<status(broker_connection&, int32_t)>& attempt);

  std::unique_ptr<broker_pool> _pool;
};

}  // namespace eventioz::client
