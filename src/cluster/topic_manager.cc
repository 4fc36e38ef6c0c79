// Topic lifecycle on a single node. Every change is made crash-safe by ordering: the metadata
// file is written first when adding (recovery creates partitions it names but lacks), and marked
// "deleting" first when removing (recovery finishes the deletion).
#include "cluster/topic_manager.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <set>

#include "cluster/errc.h"
#include "cluster/internal_topics.h"
#include "storage/errc.h"

namespace eventioz::cluster {
namespace {

error closing_error() {
  return error(errc::closing, "the broker is shutting down: partitions are being closed");
}

error topic_not_found_error(const std::string& name) {
  return error(errc::topic_not_found,
               fmt::format("topic '{}' does not exist; create it first or list topics", name));
}

}  // namespace

result<std::unique_ptr<topic_manager>> topic_manager::open(io::file_system& fs,
                                                           topic_manager_options options) {
  EVENTIOZ_ASSERT(options.shard_count > 0, "no shards");
  storage::log_manager_options log_options{.data_directory = options.data_directory,
                                           .flush_threads = options.flush_threads,
                                           .default_config = options.default_log_config};
  EVENTIOZ_TRY(auto logs, storage::log_manager::open(fs, log_options));
  std::unique_ptr<topic_manager> manager(new topic_manager(fs, options, std::move(logs)));
  EVENTIOZ_TRY(auto recorded, manager->_store.load_all());
  std::lock_guard lock(manager->_mutex);
  EVENTIOZ_RETURN_IF_ERROR(manager->load_broker_overrides_locked());
  EVENTIOZ_RETURN_IF_ERROR(manager->recover_locked(std::move(recorded)));
  return manager;
}

topic_manager::topic_manager(io::file_system& fs, topic_manager_options options,
                             std::unique_ptr<storage::log_manager> logs)
    : _fs(fs),
      _options(std::move(options)),
      _logs(std::move(logs)),
      _store(fs, _options.data_directory),
      _settings{.default_partition_count = _options.default_partition_count,
                .auto_create_topics = _options.auto_create_topics,
                .default_log_config = _options.default_log_config} {}

topic_manager::~topic_manager() { (void)close(); }

status topic_manager::recover_locked(std::vector<topic_metadata> recorded) {
  for (topic_metadata& topic : recorded) {
    if (topic.deleting) {
      spdlog::info("finishing the deletion of topic {} interrupted by a crash", topic.name);
      EVENTIOZ_RETURN_IF_ERROR(remove_partition_logs_locked(topic.name, topic.partition_count));
      EVENTIOZ_RETURN_IF_ERROR(_store.remove(topic.name));
      continue;
    }
    EVENTIOZ_TRY(auto config, effective_config_locked(topic.name, topic.config_overrides));
    EVENTIOZ_RETURN_IF_ERROR(_logs->set_topic_config(topic.name, config));
    EVENTIOZ_RETURN_IF_ERROR(create_partition_logs_locked(topic, 0));
    _topics.emplace(topic.name, std::move(topic));
  }
  // Partition directories without metadata (copied in, or from before metadata existed) are
  // adopted as topics with default configs rather than ignored; missing partitions below the
  // highest one found are created, so every partition Metadata lists exists.
  std::set<std::string> adopted;
  for (const auto& id : _logs->partitions()) {
    auto [found, inserted] = _topics.try_emplace(id.topic, topic_metadata{.name = id.topic});
    topic_metadata& topic = found->second;
    if (!inserted && id.partition < topic.partition_count) continue;
    if (inserted) {
      spdlog::warn("adopting partition directories of topic {} that had no metadata", id.topic);
    }
    topic.partition_count = std::max(topic.partition_count, id.partition + 1);
    adopted.insert(id.topic);
  }
  for (const std::string& name : adopted) {
    EVENTIOZ_RETURN_IF_ERROR(_store.save(_topics.at(name)));
    EVENTIOZ_TRY(auto config, effective_config_locked(name, _topics.at(name).config_overrides));
    EVENTIOZ_RETURN_IF_ERROR(_logs->set_topic_config(name, config));
    EVENTIOZ_RETURN_IF_ERROR(create_partition_logs_locked(_topics.at(name), 0));
  }
  return ok_status();
}

status topic_manager::create_partition_logs_locked(const topic_metadata& topic, int32_t from) {
  EVENTIOZ_TRY(auto config, effective_config_locked(topic.name, topic.config_overrides));
  for (int32_t index = from; index < topic.partition_count; ++index) {
    storage::topic_partition id{topic.name, index};
    if (_logs->contains(id)) continue;
    auto created = _logs->create(id, config);
    if (!created && created.error_value() != storage::errc::partition_exists) {
      return created.error_value();
    }
  }
  return ok_status();
}

status topic_manager::remove_partition_logs_locked(const std::string& name, int32_t count) {
  for (int32_t index = 0; index < count; ++index) {
    storage::topic_partition id{name, index};
    {
      std::unique_lock open_lock(_open_mutex);
      _open_partitions.erase(id);
    }
    if (!_logs->contains(id)) continue;
    EVENTIOZ_RETURN_IF_ERROR(_logs->remove(id));
  }
  return ok_status();
}

namespace {

// Topic metadata is kept as one "config.<name>=<value>" line per override
// (topic_metadata_store.h): a line break in a name or value would corrupt the file.
status refuse_line_breaks(const std::map<std::string, std::string>& overrides) {
  for (const auto& [name, value] : overrides) {
    if (name.find_first_of("\r\n=") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return error(storage::errc::invalid_config,
                   fmt::format("config {}: names and values cannot contain line breaks (and "
                               "names no '='); write JSON values on one line",
                               name.substr(0, 64)));
    }
  }
  return ok_status();
}

}  // namespace

result<topic_metadata> topic_manager::create_topic(const create_topic_request& request) {
  EVENTIOZ_RETURN_IF_ERROR(storage::validate_topic_name(request.name));
  std::lock_guard lock(_mutex);
  int32_t count =
      request.partition_count == -1 ? _settings.default_partition_count : request.partition_count;
  if (count <= 0 || count > _options.partition_count_max) {
    return error(errc::invalid_partition_count,
                 fmt::format("topic '{}': {} partitions requested; use 1 to {}", request.name,
                             count, _options.partition_count_max));
  }
  if (request.replication_factor != -1 && request.replication_factor != 1) {
    return error(errc::invalid_replication_factor,
                 fmt::format("topic '{}': replication factor {} requested, but this is a "
                             "single-node broker; use 1 (or -1 for the default)",
                             request.name, request.replication_factor));
  }
  std::map<std::string, std::string> configs = request.configs;
  EVENTIOZ_RETURN_IF_ERROR(check_extension_configs(configs, nullptr));
  EVENTIOZ_RETURN_IF_ERROR(refuse_line_breaks(configs));
  EVENTIOZ_TRY(auto config, effective_config_locked(request.name, configs));
  if (_topics.contains(request.name)) {
    return error(errc::topic_exists, fmt::format("topic '{}' already exists", request.name));
  }
  EVENTIOZ_RETURN_IF_ERROR(check_name_is_free_locked(request));
  topic_metadata topic{.name = request.name, .partition_count = count, .config_overrides = configs};
  if (request.validate_only) return topic;
  EVENTIOZ_RETURN_IF_ERROR(_store.save(topic));
  EVENTIOZ_RETURN_IF_ERROR(_logs->set_topic_config(topic.name, config));
  EVENTIOZ_RETURN_IF_ERROR(create_partition_logs_locked(topic, 0));
  _topics.emplace(topic.name, topic);
  spdlog::info("created topic {} with {} partitions", topic.name, count);
  return topic;
}

result<storage::log_config> topic_manager::effective_config_locked(
    const std::string& name, const std::map<std::string, std::string>& overrides) const {
  std::map<std::string, std::string> own = with_pinned_configs(name, overrides);
  // The extensions' configs are theirs to check (check_extension_configs), not the log's.
  for (const topic_extension& extension : _options.extensions) {
    for (const auto& [key, value] : extension.config_defaults) own.erase(key);
  }
  return resolve_topic_config(own, _settings.default_log_config);
}

status topic_manager::check_extension_configs(
    std::map<std::string, std::string>& overrides,
    const std::map<std::string, std::string>* previous) const {
  for (const topic_extension& extension : _options.extensions) {
    if (extension.check_configs) {
      EVENTIOZ_RETURN_IF_ERROR(extension.check_configs(overrides, previous));
    }
  }
  return ok_status();
}

status topic_manager::check_name_is_free_locked(const create_topic_request& request) const {
  if (!request.internal && is_internal_topic(request.name)) {
    return error(storage::errc::invalid_partition_name,
                 fmt::format("'{}' is reserved for the broker's internal use; choose another name",
                             request.name));
  }
  // Kafka's rule: metric names replace '.' with '_', so "a.b" and "a_b" cannot both exist.
  auto normalized = [](std::string name) {
    std::replace(name.begin(), name.end(), '.', '_');
    return name;
  };
  std::string wanted = normalized(request.name);
  for (const auto& [name, topic] : _topics) {
    if (normalized(name) == wanted) {
      return error(storage::errc::invalid_partition_name,
                   fmt::format("topic '{}' collides with the existing topic '{}' ('.' and '_' "
                               "are the same in metric names); choose another name",
                               request.name, name));
    }
  }
  return ok_status();
}

status topic_manager::delete_topic(const std::string& name) {
  std::lock_guard lock(_mutex);
  auto found = _topics.find(name);
  if (found == _topics.end()) return topic_not_found_error(name);
  EVENTIOZ_RETURN_IF_ERROR(refuse_if_internal(name, "deleted"));
  topic_metadata topic = found->second;
  topic.deleting = true;
  EVENTIOZ_RETURN_IF_ERROR(_store.save(topic));
  _topics.erase(found);
  EVENTIOZ_RETURN_IF_ERROR(remove_partition_logs_locked(name, topic.partition_count));
  EVENTIOZ_RETURN_IF_ERROR(_store.remove(name));
  for (const topic_extension& extension : _options.extensions) {
    if (extension.topic_deleted) extension.topic_deleted(name);
  }
  spdlog::info("deleted topic {}", name);
  return ok_status();
}

status topic_manager::create_partitions(const std::string& name, int32_t new_count,
                                        bool validate_only) {
  std::lock_guard lock(_mutex);
  auto found = _topics.find(name);
  if (found == _topics.end()) return topic_not_found_error(name);
  // The coordinators place their keys by hashing over the partition count.
  EVENTIOZ_RETURN_IF_ERROR(refuse_if_internal(name, "given more partitions"));
  topic_metadata& topic = found->second;
  if (new_count <= topic.partition_count || new_count > _options.partition_count_max) {
    return error(errc::invalid_partition_count,
                 fmt::format("topic '{}' has {} partitions; the new count must be larger, and at "
                             "most {} (partitions cannot be removed)",
                             name, topic.partition_count, _options.partition_count_max));
  }
  for (const topic_extension& extension : _options.extensions) {
    if (extension.check_grow) EVENTIOZ_RETURN_IF_ERROR(extension.check_grow(topic));
  }
  if (validate_only) return ok_status();
  topic_metadata grown = topic;
  grown.partition_count = new_count;
  EVENTIOZ_RETURN_IF_ERROR(_store.save(grown));
  int32_t old_count = topic.partition_count;
  topic = grown;
  return create_partition_logs_locked(topic, old_count);
}

status topic_manager::alter_topic_configs(const std::string& name,
                                          const std::vector<config_change>& changes,
                                          bool replace_all, bool validate_only) {
  std::lock_guard lock(_mutex);
  auto found = _topics.find(name);
  if (found == _topics.end()) return topic_not_found_error(name);
  topic_metadata altered = found->second;
  if (replace_all) altered.config_overrides.clear();
  for (const config_change& change : changes) {
    EVENTIOZ_RETURN_IF_ERROR(refuse_pinned_change(name, change.name));
    if (change.value) {
      altered.config_overrides[change.name] = *change.value;
    } else {
      altered.config_overrides.erase(change.name);
    }
  }
  EVENTIOZ_RETURN_IF_ERROR(
      check_extension_configs(altered.config_overrides, &found->second.config_overrides));
  EVENTIOZ_RETURN_IF_ERROR(refuse_line_breaks(altered.config_overrides));
  EVENTIOZ_TRY(auto config, effective_config_locked(name, altered.config_overrides));
  if (validate_only) return ok_status();
  EVENTIOZ_RETURN_IF_ERROR(_store.save(altered));
  found->second = altered;
  return _logs->set_topic_config(name, config);
}

status topic_manager::load_broker_overrides_locked() {
  std::string path = io::join_path(_options.data_directory, "broker_config");
  EVENTIOZ_TRY(bool exists, _fs.exists(path));
  if (!exists) return ok_status();
  EVENTIOZ_TRY(std::string text, io::read_small_file(_fs, path, 1 << 20));
  EVENTIOZ_TRY(_broker_overrides, parse_broker_overrides(text));
  EVENTIOZ_TRY(_settings, apply_broker_overrides(_settings, _broker_overrides));
  return ok_status();
}

status topic_manager::apply_defaults_to_topics_locked() {
  for (const auto& [name, topic] : _topics) {
    EVENTIOZ_TRY(auto config, effective_config_locked(name, topic.config_overrides));
    EVENTIOZ_RETURN_IF_ERROR(_logs->set_topic_config(name, config));
  }
  return ok_status();
}

broker_settings topic_manager::settings() const {
  std::lock_guard lock(_mutex);
  return _settings;
}

std::vector<config_entry> topic_manager::describe_broker_configs() const {
  std::lock_guard lock(_mutex);
  return describe_broker_settings(_settings, _broker_overrides);
}

status topic_manager::alter_broker_configs(const std::vector<config_change>& changes,
                                           bool replace_all, bool validate_only) {
  std::lock_guard lock(_mutex);
  std::map<std::string, std::string> overrides =
      replace_all ? std::map<std::string, std::string>() : _broker_overrides;
  for (const config_change& change : changes) {
    if (change.value) {
      overrides[change.name] = *change.value;
    } else {
      overrides.erase(change.name);
    }
  }
  broker_settings static_settings{.default_partition_count = _options.default_partition_count,
                                  .auto_create_topics = _options.auto_create_topics,
                                  .default_log_config = _options.default_log_config};
  EVENTIOZ_TRY(broker_settings altered, apply_broker_overrides(static_settings, overrides));
  if (validate_only) return ok_status();
  EVENTIOZ_RETURN_IF_ERROR(
      io::replace_file_durably(_fs, io::join_path(_options.data_directory, "broker_config"),
                               format_broker_overrides(overrides)));
  _broker_overrides = std::move(overrides);
  _settings = altered;
  spdlog::info("broker configs changed: {} dynamic overrides", _broker_overrides.size());
  return apply_defaults_to_topics_locked();
}

std::vector<topic_metadata> topic_manager::topics() const {
  std::lock_guard lock(_mutex);
  std::vector<topic_metadata> all;
  for (const auto& [name, topic] : _topics) all.push_back(topic);
  return all;
}

std::optional<topic_metadata> topic_manager::find_topic(const std::string& name) const {
  std::lock_guard lock(_mutex);
  auto found = _topics.find(name);
  if (found == _topics.end()) return std::nullopt;
  return found->second;
}

result<std::vector<config_entry>> topic_manager::describe_topic_configs(
    const std::string& name) const {
  std::lock_guard lock(_mutex);
  auto found = _topics.find(name);
  if (found == _topics.end()) return topic_not_found_error(name);
  std::map<std::string, std::string> own =
      with_pinned_configs(name, found->second.config_overrides);
  std::vector<config_entry> entries;
  for (const topic_extension& extension : _options.extensions) {
    for (const auto& [key, default_value] : extension.config_defaults) {
      auto set = own.find(key);
      entries.push_back({.name = key,
                         .value = set != own.end() ? set->second : default_value,
                         .is_default = set == own.end()});
      if (set != own.end()) own.erase(set);
    }
  }
  for (config_entry& entry : describe_topic_config(own, _settings.default_log_config)) {
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(),
            [](const config_entry& a, const config_entry& b) { return a.name < b.name; });
  return entries;
}

result<std::shared_ptr<partition>> topic_manager::get_partition_for_client_write(
    const std::string& topic, int32_t index) {
  EVENTIOZ_RETURN_IF_ERROR(refuse_if_internal(topic, "written to"));
  return get_partition(topic, index);
}

result<std::shared_ptr<partition>> topic_manager::get_partition(const std::string& topic,
                                                                int32_t index) {
  storage::topic_partition id{topic, index};
  // The data path: an open partition is found without waiting for control operations.
  auto find_open = [&]() -> std::shared_ptr<partition> {
    std::shared_lock open_lock(_open_mutex);
    auto open = _open_partitions.find(id);
    return open != _open_partitions.end() ? open->second : nullptr;
  };
  if (_closing) return closing_error();
  if (auto open = find_open()) return open;
  std::lock_guard lock(_mutex);
  if (_closing) return closing_error();
  if (auto open = find_open()) return open;  // opened meanwhile
  auto found = _topics.find(topic);
  if (found == _topics.end()) return topic_not_found_error(topic);
  if (index < 0 || index >= found->second.partition_count) {
    return error(storage::errc::partition_not_found,
                 fmt::format("topic '{}' has no partition {} (it has {})", topic, index,
                             found->second.partition_count));
  }
  EVENTIOZ_TRY(auto log, _logs->get(id));
  auto opened = std::make_shared<partition>(
      id, std::move(log), owner_shard_of(topic, index),
      partition_options{.fs = &_fs,
                        .producer_id_expiration_ms = _options.producer_id_expiration_ms});
  EVENTIOZ_RETURN_IF_ERROR(opened->recover_producer_state());
  for (const topic_extension& extension : _options.extensions) {
    if (!extension.guard_for) continue;
    if (auto guard = extension.guard_for(found->second, index, opened->log().shared_from_this())) {
      opened->set_append_guard(std::move(guard));
      break;
    }
  }
  std::unique_lock open_lock(_open_mutex);
  _open_partitions.emplace(id, opened);
  return opened;
}

uint32_t topic_manager::owner_shard_of(const std::string& topic, int32_t index) const {
  size_t hash = std::hash<std::string>{}(topic)*31 + static_cast<size_t>(index);
  return static_cast<uint32_t>(hash % _options.shard_count);
}

status topic_manager::run_housekeeping() {
  status outcome = _logs->run_housekeeping();
  for (const auto& open : open_partitions()) {
    status saved = open->save_producer_state(false);
    if (!saved && outcome) outcome = saved;
  }
  return outcome;
}

std::vector<std::shared_ptr<partition>> topic_manager::open_partitions() const {
  std::shared_lock open_lock(_open_mutex);
  std::vector<std::shared_ptr<partition>> open;
  for (const auto& [id, opened] : _open_partitions) open.push_back(opened);
  return open;
}

bool topic_manager::is_current(const partition& p) const {
  std::shared_lock open_lock(_open_mutex);
  auto open = _open_partitions.find(p.id());
  return open != _open_partitions.end() && open->second.get() == &p;
}

status topic_manager::close() {
  _closing = true;  // first: a completion still running must not reopen what is closed here
  std::lock_guard lock(_mutex);
  status outcome = ok_status();
  std::map<storage::topic_partition, std::shared_ptr<partition>> closing;
  {
    std::unique_lock open_lock(_open_mutex);
    closing.swap(_open_partitions);
  }
  for (const auto& [id, open] : closing) {
    status saved = open->save_producer_state(true);
    if (!saved) {
      spdlog::error(
          "{}-{}: the producer state was not saved ({}); the next start rebuilds it "
          "from the log",
          id.topic, id.partition, saved.error_value().to_string());
    }
  }
  closing.clear();
  return _logs->close_all();
}

}  // namespace eventioz::cluster
