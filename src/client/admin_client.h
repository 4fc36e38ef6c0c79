// Topic and cluster administration over the Kafka protocol: create, list, describe, alter and
// delete topics, add partitions, describe the cluster. Each call is one round trip (or two) and
// reports the broker's error with what to do about it.
//
// Owns its connections; single-threaded.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/admin_types.h"
#include "client/broker_pool.h"

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

  broker_pool& pool() { return *_pool; }

 private:
  explicit admin_client(std::unique_ptr<broker_pool> pool) : _pool(std::move(pool)) {}

  // Where metadata changes go: the controller when the metadata names one, else bootstrap.
  result<broker_connection*> controller();
  status alter_with_replacement(const std::string& name, const config_change& change);

  std::unique_ptr<broker_pool> _pool;
};

}  // namespace eventioz::client
