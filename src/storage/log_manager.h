// All partition logs of one data directory: creates, finds, opens (lazily) and deletes them,
// and owns the flush threads they share.
//
// Layout: <data>/<topic>-<partition>/ per partition (see segment_file_names.h). A directory
// being deleted is first renamed to <topic>-<partition>.<unique>.deleted, so a crash part-way
// leaves nothing that looks like a live partition; leftovers are removed at start.
//
// Opening is lazy: start-up only lists the directory, and a partition's segments are opened on
// first use, so a data directory with many partitions starts in milliseconds.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "io/file_system.h"
#include "storage/flush_scheduler.h"
#include "storage/log_config.h"
#include "storage/partition_log.h"

namespace eventioz::storage {

struct topic_partition {
  std::string topic;
  int32_t partition = 0;
  auto operator<=>(const topic_partition&) const = default;
};

// "<topic>-<partition>".
std::string partition_directory_name(const topic_partition& id);
std::optional<topic_partition> parse_partition_directory_name(std::string_view name);

// Topic names as Kafka allows them: 1-249 characters of [a-zA-Z0-9._-], not "." or "..".
status validate_topic_name(std::string_view topic);

struct log_manager_options {
  std::string data_directory = "data";
  size_t flush_threads = 2;
  log_config default_config;
};

class log_manager {
 public:
  // Creates the data directory if needed and lists the partitions in it.
  static result<std::unique_ptr<log_manager>> open(io::file_system& fs, log_manager_options options,
                                                   const clock& time = system_clock());
  ~log_manager();

  // Creates a new, empty partition log. errc::partition_exists when it is already there.
  result<std::shared_ptr<partition_log>> create(const topic_partition& id,
                                                const log_config& config);

  // The log of an existing partition, opening it on first use with `config` (or the topic's
  // config set earlier, or the default). errc::partition_not_found when there is none.
  result<std::shared_ptr<partition_log>> get(const topic_partition& id);

  // Sets the config used when the topic's partitions are opened, and applies it to open ones.
  status set_topic_config(const std::string& topic, const log_config& config);

  // Closes and removes a partition's log and files.
  status remove(const topic_partition& id);

  std::vector<topic_partition> partitions() const;
  bool contains(const topic_partition& id) const;
  const std::string& data_directory() const { return _options.data_directory; }

  // Enforces retention and compaction on every open log and checkpoints it; returns the first
  // error met.
  status run_housekeeping();

  // Closes every open log cleanly. Later calls to get/create fail.
  status close_all();

 private:
  log_manager(io::file_system& fs, log_manager_options options, const clock& time);

  log_config config_for(const std::string& topic) const;
  std::string path_of(const topic_partition& id) const;

  io::file_system& _fs;
  log_manager_options _options;
  const clock& _clock;
  flush_scheduler _flusher;

  mutable std::mutex _mutex;
  bool _closed = false;
  // Every partition on disk; the log is null until first opened.
  std::map<topic_partition, std::shared_ptr<partition_log>> _partitions;
  std::map<std::string, log_config> _topic_configs;
  uint64_t _deletions = 0;
};

}  // namespace eventioz::storage
