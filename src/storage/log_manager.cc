#include "storage/log_manager.h"

#include <spdlog/spdlog.h>

#include <charconv>

#include "storage/errc.h"
#include "storage/log_compactor.h"

namespace eventioz::storage {
namespace {

constexpr std::string_view deleted_suffix = ".deleted";
constexpr size_t topic_name_length_max = 249;

}  // namespace

std::string partition_directory_name(const topic_partition& id) {
  return fmt::format("{}-{}", id.topic, id.partition);
}

std::optional<topic_partition> parse_partition_directory_name(std::string_view name) {
  size_t dash = name.rfind('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == name.size()) return std::nullopt;
  std::string_view number = name.substr(dash + 1);
  int32_t partition = 0;
  auto [end, failure] = std::from_chars(number.data(), number.data() + number.size(), partition);
  if (failure != std::errc() || end != number.data() + number.size() || partition < 0) {
    return std::nullopt;
  }
  std::string_view topic = name.substr(0, dash);
  if (!validate_topic_name(topic)) return std::nullopt;
  return topic_partition{std::string(topic), partition};
}

status validate_topic_name(std::string_view topic) {
  auto invalid = [&](std::string_view why) {
    return error(errc::invalid_partition_name,
                 fmt::format("invalid topic name '{}': {}", topic, why));
  };
  if (topic.empty()) return invalid("it is empty");
  if (topic.size() > topic_name_length_max) return invalid("longer than 249 characters");
  if (topic == "." || topic == "..") return invalid("'.' and '..' are not allowed");
  for (char c : topic) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '_' || c == '-';
    if (!allowed) return invalid("use only letters, digits, '.', '_' and '-'");
  }
  return ok_status();
}

log_manager::log_manager(io::file_system& fs, log_manager_options options, const clock& time)
    : _fs(fs), _options(std::move(options)), _clock(time), _flusher(_options.flush_threads) {}

log_manager::~log_manager() {
  auto closed = close_all();
  if (!closed) spdlog::error("closing logs: {}", closed.error_value().to_string());
  _flusher.stop();
}

result<std::unique_ptr<log_manager>> log_manager::open(io::file_system& fs,
                                                       log_manager_options options,
                                                       const clock& time) {
  EVENTIOZ_RETURN_IF_ERROR(io::create_directories_durably(fs, options.data_directory));
  std::unique_ptr<log_manager> manager(new log_manager(fs, std::move(options), time));
  const std::string& root = manager->_options.data_directory;
  EVENTIOZ_TRY(std::vector<std::string> names, fs.list_directory(root));
  for (const std::string& name : names) {
    if (name.ends_with(deleted_suffix)) {
      EVENTIOZ_RETURN_IF_ERROR(fs.remove_directory_tree(io::join_path(root, name)));
    } else if (auto id = parse_partition_directory_name(name)) {
      manager->_partitions.emplace(*id, nullptr);
    }
  }
  return manager;
}

log_config log_manager::config_for(const std::string& topic) const {
  auto found = _topic_configs.find(topic);
  return found == _topic_configs.end() ? _options.default_config : found->second;
}

std::string log_manager::path_of(const topic_partition& id) const {
  return io::join_path(_options.data_directory, partition_directory_name(id));
}

result<std::shared_ptr<partition_log>> log_manager::create(const topic_partition& id,
                                                           const log_config& config) {
  EVENTIOZ_RETURN_IF_ERROR(validate_topic_name(id.topic));
  std::lock_guard lock(_mutex);
  if (_closed) return error(errc::log_closed, "the log manager is closed");
  if (_partitions.contains(id)) {
    return error(errc::partition_exists,
                 fmt::format("partition {} already exists", partition_directory_name(id)));
  }
  EVENTIOZ_TRY(auto log, partition_log::open({_fs, _flusher, _clock}, path_of(id), config));
  _partitions[id] = log;
  return log;
}

result<std::shared_ptr<partition_log>> log_manager::get(const topic_partition& id) {
  std::lock_guard lock(_mutex);
  if (_closed) return error(errc::log_closed, "the log manager is closed");
  auto found = _partitions.find(id);
  if (found == _partitions.end()) {
    return error(errc::partition_not_found,
                 fmt::format("partition {} does not exist", partition_directory_name(id)));
  }
  if (!found->second) {
    EVENTIOZ_TRY(found->second,
                 partition_log::open({_fs, _flusher, _clock}, path_of(id), config_for(id.topic)));
  }
  return found->second;
}

status log_manager::set_topic_config(const std::string& topic, const log_config& config) {
  std::lock_guard lock(_mutex);
  _topic_configs[topic] = config;
  for (auto& [id, log] : _partitions) {
    if (id.topic == topic && log) EVENTIOZ_RETURN_IF_ERROR(log->update_config(config));
  }
  return ok_status();
}

status log_manager::remove(const topic_partition& id) {
  std::shared_ptr<partition_log> log;
  std::string graveyard;
  {
    std::lock_guard lock(_mutex);
    auto found = _partitions.find(id);
    if (found == _partitions.end()) {
      return error(errc::partition_not_found,
                   fmt::format("partition {} does not exist", partition_directory_name(id)));
    }
    log = found->second;
    _partitions.erase(found);
    graveyard = fmt::format("{}.{}{}", path_of(id), _deletions++, deleted_suffix);
  }
  if (log) {
    auto closed = log->close();
    if (!closed && closed.error_value() != errc::log_closed) {
      spdlog::warn("closing {} before deleting it: {}", log->directory(),
                   closed.error_value().message());
    }
  }
  EVENTIOZ_RETURN_IF_ERROR(_fs.rename(path_of(id), graveyard));
  EVENTIOZ_RETURN_IF_ERROR(_fs.sync_directory(_options.data_directory));
  return _fs.remove_directory_tree(graveyard);
}

std::vector<topic_partition> log_manager::partitions() const {
  std::lock_guard lock(_mutex);
  std::vector<topic_partition> ids;
  for (const auto& [id, log] : _partitions) ids.push_back(id);
  return ids;
}

bool log_manager::contains(const topic_partition& id) const {
  std::lock_guard lock(_mutex);
  return _partitions.contains(id);
}

status log_manager::run_housekeeping() {
  std::vector<std::shared_ptr<partition_log>> open_logs;
  {
    std::lock_guard lock(_mutex);
    for (const auto& [id, log] : _partitions) {
      if (log) open_logs.push_back(log);
    }
  }
  status first_failure;
  for (const auto& log : open_logs) {
    auto retained = log->enforce_retention();
    if (!retained && first_failure) first_failure = retained.error_value();
    auto compacted = log_compactor::compact(*log);
    if (!compacted && first_failure) first_failure = compacted.error_value();
    auto checkpointed = log->checkpoint();
    if (!checkpointed && first_failure) first_failure = checkpointed.error_value();
  }
  return first_failure;
}

status log_manager::close_all() {
  std::map<topic_partition, std::shared_ptr<partition_log>> logs;
  {
    std::lock_guard lock(_mutex);
    if (_closed) return ok_status();
    _closed = true;
    logs = _partitions;
  }
  status first_failure;
  for (const auto& [id, log] : logs) {
    if (!log) continue;
    auto closed = log->close();
    if (!closed && closed.error_value() != errc::log_closed && first_failure) {
      first_failure = closed.error_value();
    }
  }
  return first_failure;
}

}  // namespace eventioz::storage
