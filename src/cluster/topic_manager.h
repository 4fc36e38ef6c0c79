// The single node's control plane for topics: create, delete, grow, configure, and find the
// partitions to serve. (With Raft this becomes a frontend writing commands to the controller
// log; the operations and their errors stay the same.)
//
// The internal topics (internal_topics.h) are refused here to every change a client asks for:
// delete, grow, change a pinned setting, and (get_partition_for_client_write) produce or
// delete records.
//
// Lifecycle: open() loads the topic metadata, finishes deletions a crash interrupted, and
// recreates partitions a crash kept from being created. Partitions are opened lazily on first
// use. close() closes every log cleanly.
//
// Thread-safe: control operations (and opening a partition for the first time) are
// serialised by one mutex; looking up a partition that is already open takes only a shared
// lock on the table of open partitions, so the data path never waits for a topic being
// created or deleted. Lock order: _mutex, then _open_mutex.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "cluster/broker_settings.h"
#include "cluster/internal_topics.h"
#include "cluster/partition.h"
#include "cluster/topic_config.h"
#include "cluster/topic_extension.h"
#include "cluster/topic_metadata.h"
#include "cluster/topic_metadata_store.h"
#include "storage/log_manager.h"

namespace eventioz::cluster {

struct topic_manager_options {
  std::string data_directory = "data";
  // Partitions are spread over this many shards (owner = hash of topic and partition).
  uint32_t shard_count = 1;
  // Static broker settings; AlterConfigs on the broker can override them (broker_settings.h).
  int32_t default_partition_count = 1;
  bool auto_create_topics = true;
  // More than this per topic is refused (each partition is a directory with open files).
  int32_t partition_count_max = 10000;
  storage::log_config default_log_config;
  size_t flush_threads = 2;
  // Kafka's producer.id.expiration.ms: a partition forgets producers idle this long (never one
  // in the middle of a transaction).
  int64_t producer_id_expiration_ms = 86'400'000;
  // Modules above cluster that own topic configs and guard partitions (topic_extension.h).
  std::vector<topic_extension> extensions;
};

struct create_topic_request {
  std::string name;
  int32_t partition_count = -1;     // -1: the default
  int16_t replication_factor = -1;  // -1 or 1 on a single node
  std::map<std::string, std::string> configs;
  bool validate_only = false;
  // Internal topics (__consumer_offsets, ...) are created by the broker itself, never by clients.
  bool internal = false;
};

// One change of IncrementalAlterConfigs (or AlterConfigs, which replaces all overrides).
struct config_change {
  std::string name;
  std::optional<std::string> value;  // nullopt: remove the override (back to the default)
};

class topic_manager {
 public:
  static result<std::unique_ptr<topic_manager>> open(io::file_system& fs,
                                                     topic_manager_options options);
  ~topic_manager();

  result<topic_metadata> create_topic(const create_topic_request& request);
  status delete_topic(const std::string& name);
  status create_partitions(const std::string& name, int32_t new_count, bool validate_only);
  // With `replace_all`, overrides not named in `changes` are removed (AlterConfigs).
  status alter_topic_configs(const std::string& name, const std::vector<config_change>& changes,
                             bool replace_all, bool validate_only);

  // The broker settings in force (static, then dynamic overrides).
  broker_settings settings() const;
  std::vector<config_entry> describe_broker_configs() const;
  // Changes broker settings at runtime and keeps them in <data>/broker_config. New topic
  // defaults apply at once to every topic that does not override them.
  status alter_broker_configs(const std::vector<config_change>& changes, bool replace_all,
                              bool validate_only);

  std::vector<topic_metadata> topics() const;
  std::optional<topic_metadata> find_topic(const std::string& name) const;
  result<std::vector<config_entry>> describe_topic_configs(const std::string& name) const;

  // The partition, opened on first use. errc::topic_not_found / storage partition_not_found;
  // errc::closing once close() has begun (nothing is opened again after it).
  result<std::shared_ptr<partition>> get_partition(const std::string& topic, int32_t index);
  // The same for a client's write (Produce, DeleteRecords): errc::internal_topic for the
  // internal topics, which only the broker's coordinators write (through get_partition).
  result<std::shared_ptr<partition>> get_partition_for_client_write(const std::string& topic,
                                                                    int32_t index);
  static bool is_internal(std::string_view topic) { return is_internal_topic(topic); }

  uint32_t owner_shard_of(const std::string& topic, int32_t index) const;
  // The partitions open now, in (topic, partition) order; opens nothing (metrics read them).
  std::vector<std::shared_ptr<partition>> open_partitions() const;
  // Whether `p` is still the partition served under its (topic, index): false once its topic
  // was deleted, also when a topic of the same name was created since (a new object), and
  // after close(). Opens nothing (a shared lock and a map lookup): long-lived readers (push
  // subscribers) call it periodically to notice that what they hold is gone.
  bool is_current(const partition& p) const;
  const topic_manager_options& options() const { return _options; }
  io::file_system& file_system() { return _fs; }
  storage::log_manager& logs() { return *_logs; }

  // Retention, compaction and checkpoints for every open log; producer-state snapshots.
  status run_housekeeping();
  status close();

 private:
  topic_manager(io::file_system& fs, topic_manager_options options,
                std::unique_ptr<storage::log_manager> logs);

  status recover_locked(std::vector<topic_metadata> recorded);
  status create_partition_logs_locked(const topic_metadata& topic, int32_t from);
  status remove_partition_logs_locked(const std::string& name, int32_t count);
  status load_broker_overrides_locked();
  status check_name_is_free_locked(const create_topic_request& request) const;
  // The log config of a topic: its overrides on the broker defaults, with the internal
  // topics' pinned settings forced (internal_topics.h).
  result<storage::log_config> effective_config_locked(
      const std::string& name, const std::map<std::string, std::string>& overrides) const;
  status apply_defaults_to_topics_locked();
  // Runs every extension's check on `overrides` (topic_extension::check_configs).
  status check_extension_configs(std::map<std::string, std::string>& overrides,
                                 const std::map<std::string, std::string>* previous) const;

  io::file_system& _fs;
  topic_manager_options _options;
  std::unique_ptr<storage::log_manager> _logs;
  topic_metadata_store _store;

  mutable std::mutex _mutex;
  std::map<std::string, topic_metadata> _topics;
  mutable std::shared_mutex _open_mutex;
  std::atomic<bool> _closing{false};
  std::map<storage::topic_partition, std::shared_ptr<partition>> _open_partitions;
  std::map<std::string, std::string> _broker_overrides;
  broker_settings _settings;  // effective: options, then _broker_overrides
};

}  // namespace eventioz::cluster
