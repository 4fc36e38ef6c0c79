// The event store service: stores, appends, deletions and stream reads (state: stream_state.cc,
// the whole log: store_log_read.cc, projections and purge: event_store_maintenance.cc).
#include "eventstore/event_store.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "cluster/errc.h"
#include "eventstore/errc.h"
#include "eventstore/reducer_spec.h"
#include "eventstore/stream_index.h"
#include "eventstore/stream_partition.h"
#include "io/file_system.h"
#include "model/murmur2.h"

namespace eventioz::eventstore {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

result<std::unique_ptr<event_store>> event_store::open(event_store_options options) {
  std::unique_ptr<event_store> store(new event_store(options));
  EVENTIOZ_TRY(store->_index,
               stream_index::open(
                   io::join_path(io::join_path(options.data_directory, "eventstore"), "index"),
                   options.index_cache_bytes));
  return store;
}

cluster::topic_extension event_store::topic_extension() {
  cluster::topic_extension extension = store_config_extension();
  // A store's default reducer must build (the registry is only known here).
  auto check_settings = extension.check_configs;
  extension.check_configs = [this, check_settings](
                                std::map<std::string, std::string>& overrides,
                                const std::map<std::string, std::string>* previous) -> status {
    EVENTIOZ_RETURN_IF_ERROR(check_settings(overrides, previous));
    EVENTIOZ_TRY(store_settings settings, parse_store_settings(overrides));
    if (settings.enabled) {
      auto built = make_reducer(std::string_view(settings.reducer_spec), _reducers);
      if (!built) {
        return error(errc::invalid_store_config, fmt::format("config {}: {}", config_names::reducer,
                                                             built.error_value().message()));
      }
    }
    return ok_status();
  };
  extension.guard_for = [this](const cluster::topic_metadata& topic, int32_t partition,
                               std::shared_ptr<storage::partition_log> log) {
    return make_guard(topic, partition, std::move(log));
  };
  extension.topic_deleted = [this](const std::string& topic) { forget_topic(topic); };
  return extension;
}

std::shared_ptr<cluster::append_guard> event_store::make_guard(
    const cluster::topic_metadata& topic, int32_t partition,
    std::shared_ptr<storage::partition_log> log) {
  auto settings = parse_store_settings(topic.config_overrides);
  if (!settings || !settings->enabled) return nullptr;
  auto guard = std::make_shared<stream_partition>(partition_key(topic.name, partition),
                                                  topic.partition_count, std::move(log), *_index);
  std::lock_guard lock(_guards_mutex);
  _guards[{topic.name, partition}] = guard;
  return guard;
}

void event_store::forget_topic(const std::string& topic) {
  {
    std::lock_guard lock(_guards_mutex);
    std::erase_if(_guards, [&](const auto& entry) {
      if (entry.first.first != topic) return false;
      if (auto guard = entry.second.lock()) guard->close();
      return true;
    });
  }
  status dropped = _index->drop_topic(topic);
  if (!dropped) {
    spdlog::error("event store: dropping the index of deleted topic {} failed: {}", topic,
                  dropped.error_value().message());
  }
  forget_projections_of(topic);
}

status event_store::attach(cluster::topic_manager& topics, io::shard_set& shards) {
  _topics = &topics;
  _shards = &shards;
  std::set<std::string> store_topics;
  for (const cluster::topic_metadata& topic : topics.topics()) {
    auto settings = parse_store_settings(topic.config_overrides);
    if (!settings || !settings->enabled) continue;
    store_topics.insert(topic.name);
    for (int32_t p = 0; p < topic.partition_count; ++p) {
      EVENTIOZ_TRY(auto guard, guard_of(topic.name, p));
      EVENTIOZ_RETURN_IF_ERROR(guard->catch_up());
    }
  }
  EVENTIOZ_RETURN_IF_ERROR(drop_index_of_missing_topics(store_topics));
  return start_projections();
}

status event_store::close() {
  stop_projections();
  if (_index) return _index->flush();
  return ok_status();
}

int32_t event_store::partition_of(std::string_view stream, int32_t partitions) {
  return model::partition_for_key(as_bytes(stream), partitions);
}

result<store_info> event_store::find_store(const std::string& name) const {
  auto topic = _topics->find_topic(name);
  if (!topic) {
    return error(
        errc::store_not_found,
        fmt::format("event store '{}' does not exist; create it with POST /v1/stores", name));
  }
  EVENTIOZ_TRY(store_settings settings, parse_store_settings(topic->config_overrides));
  if (!settings.enabled) {
    return error(errc::not_a_store,
                 fmt::format("topic '{}' is not an event store (its config eventioz.store is "
                             "false); create a store with POST /v1/stores",
                             name));
  }
  return store_info{
      .name = topic->name, .partitions = topic->partition_count, .settings = settings};
}

result<std::shared_ptr<stream_partition>> event_store::guard_of(const std::string& store,
                                                                int32_t partition) const {
  // Opening the partition installs its guard (topic_extension::guard_for).
  EVENTIOZ_TRY(auto opened, _topics->get_partition(store, partition));
  auto* guard = dynamic_cast<stream_partition*>(opened->guard());
  if (!guard) {
    return error(errc::not_a_store, fmt::format("topic '{}' is not an event store", store));
  }
  std::lock_guard lock(_guards_mutex);
  auto found = _guards.find({store, partition});
  if (found != _guards.end()) {
    if (auto shared = found->second.lock()) return shared;
  }
  return error(errc::index_failed,
               fmt::format("the guard of {}-{} is not registered", store, partition));
}

result<store_info> event_store::create_store(const create_store_request& request) {
  std::map<std::string, std::string> configs = request.configs;
  for (const char* own :
       {config_names::store, config_names::reducer, config_names::snapshot_interval}) {
    if (configs.contains(own)) {
      return error(errc::invalid_store_config,
                   fmt::format("config {} is set by the store's own settings (reducer, "
                               "snapshot_interval), not among its other configs",
                               own));
    }
  }
  configs[config_names::store] = "true";
  configs[config_names::reducer] = request.settings.reducer_spec;
  configs[config_names::snapshot_interval] = std::to_string(request.settings.snapshot_interval);
  EVENTIOZ_TRY(auto topic, _topics->create_topic({.name = request.name,
                                                  .partition_count = request.partitions,
                                                  .configs = configs}));
  EVENTIOZ_TRY(store_settings settings, parse_store_settings(topic.config_overrides));
  return store_info{.name = topic.name, .partitions = topic.partition_count, .settings = settings};
}

std::vector<store_info> event_store::stores() const {
  std::vector<store_info> found;
  for (const cluster::topic_metadata& topic : _topics->topics()) {
    auto settings = parse_store_settings(topic.config_overrides);
    if (!settings || !settings->enabled) continue;
    found.push_back(
        {.name = topic.name, .partitions = topic.partition_count, .settings = *settings});
  }
  return found;
}

result<store_info> event_store::describe_store(const std::string& name) const {
  EVENTIOZ_TRY(store_info info, find_store(name));
  for (int32_t p = 0; p < info.partitions; ++p) {
    EVENTIOZ_TRY(auto opened, _topics->get_partition(name, p));
    EVENTIOZ_TRY(int64_t indexed, _index->watermark(partition_key(name, p)));
    info.index.push_back({.partition = p,
                          .indexed_offset = indexed,
                          .high_watermark = opened->high_watermark().value()});
  }
  return info;
}

void event_store::append(append_request request, std::function<void(append_reply)> done) {
  auto fail = [&](error failure) { done(append_reply{.failure = std::move(failure)}); };
  auto store = find_store(request.store);
  if (!store) return fail(store.error_value());
  if (request.events.empty()) {
    return fail(error(errc::invalid_event, "an append needs at least one event"));
  }
  int32_t index = partition_of(request.stream, store->partitions);
  auto target = _topics->get_partition_for_client_write(request.store, index);
  if (!target) return fail(target.error_value());
  auto batch =
      build_append_batch(request.stream, request.store, request.events, request.expected, now_ms());
  if (!batch) return fail(batch.error_value());

  struct call_state {
    byte_buffer batch;
    mutable_byte_span span;
    store_append_note note;
    std::function<void(append_reply)> done;
    int32_t partition;
  };
  auto call = std::make_shared<call_state>();
  call->batch = std::move(*batch);
  call->span = mutable_byte_span(call->batch);
  call->done = std::move(done);
  call->partition = index;
  for (const event_to_write& event : request.events) call->note.event_ids.push_back(event.id);
  std::shared_ptr<cluster::partition> partition = *target;
  _shards->run_on(partition->owner_shard(), [call, partition] {
    partition->append(
        std::span<const mutable_byte_span>(&call->span, 1),
        [call](result<offset> base) {
          append_reply reply;
          reply.current_version = call->note.current_version;
          if (!base) {
            reply.failure = base.error_value();
          } else {
            reply.outcome = append_outcome{.partition = call->partition,
                                           .first_version = call->note.first_version,
                                           .last_version = call->note.last_version,
                                           .first_offset = base->value(),
                                           .duplicate = call->note.duplicate};
          }
          call->done(std::move(reply));
        },
        0, &call->note);
  });
}

void event_store::delete_stream(const std::string& store, const std::string& stream,
                                std::function<void(result<int64_t>)> done) {
  auto found = find_store(store);
  if (!found) return done(found.error_value());
  int32_t index = partition_of(stream, found->partitions);
  auto target = _topics->get_partition_for_client_write(store, index);
  if (!target) return done(target.error_value());
  auto batch = build_tombstone_batch(stream, now_ms());
  if (!batch) return done(batch.error_value());
  struct call_state {
    byte_buffer batch;
    mutable_byte_span span;
    store_append_note note;
  };
  auto call = std::make_shared<call_state>();
  call->batch = std::move(*batch);
  call->span = mutable_byte_span(call->batch);
  std::shared_ptr<cluster::partition> partition = *target;
  _shards->run_on(
      partition->owner_shard(), [call, partition, stream, store, done = std::move(done)]() mutable {
        partition->append(
            std::span<const mutable_byte_span>(&call->span, 1),
            [call, stream, store, done = std::move(done)](result<offset> base) {
              if (base) return done(base->value());
              if (base.error_value() == errc::wrong_expected_version) {
                return done(error(errc::stream_not_found,
                                  fmt::format("stream '{}' of store '{}' has no events to delete",
                                              stream, store)));
              }
              done(base.error_value());
            },
            0, &call->note);
      });
}

status event_store::drop_index_of_missing_topics(const std::set<std::string>& store_topics) {
  EVENTIOZ_TRY(auto indexed, _index->topics());
  for (const std::string& topic : indexed) {
    if (store_topics.contains(topic)) continue;
    spdlog::info("event store: dropping the index of {}, which is no longer a store topic", topic);
    EVENTIOZ_RETURN_IF_ERROR(_index->drop_topic(topic));
  }
  return ok_status();
}

result<event_store::located_stream> event_store::locate_stream(const std::string& store_name,
                                                               const std::string& stream) const {
  EVENTIOZ_TRY(store_info store, find_store(store_name));
  int32_t index = partition_of(stream, store.partitions);
  // The index answers for the partition once its guard is current with the log.
  EVENTIOZ_TRY(auto guard, guard_of(store_name, index));
  EVENTIOZ_RETURN_IF_ERROR(guard->catch_up());
  partition_key key(store_name, index);
  EVENTIOZ_TRY(stream_head head, _index->head(key, stream));
  if (head.deleted) {
    return error(errc::stream_deleted,
                 fmt::format("stream '{}' of store '{}' was deleted", stream, store_name));
  }
  if (head.next_version == 0) {
    return error(errc::stream_not_found,
                 fmt::format("stream '{}' of store '{}' has no events", stream, store_name));
  }
  return located_stream{std::move(store), index, std::move(key), head};
}

result<stream_page> event_store::read_stream(const stream_read_request& request) const {
  EVENTIOZ_TRY(located_stream found, locate_stream(request.store, request.stream));
  int32_t index = found.partition;
  const partition_key& key = found.key;
  const stream_head& head = found.head;
  stream_page page;
  page.partition = index;
  page.current_version = head.next_version - 1;
  EVENTIOZ_TRY(page.events, _index->events(key, request.stream, request.from_version,
                                           request.backwards, request.limit));
  if (!page.events.empty()) {
    int64_t last = page.events.back().version;
    if (request.backwards && last > 0) page.next_version = last - 1;
    if (!request.backwards && last < page.current_version) page.next_version = last + 1;
  }
  return page;
}

std::optional<int64_t> event_store::version_of(const std::string& store, int32_t partition,
                                               int64_t offset) const {
  auto found = _index->at_offset(partition_key(store, partition), offset);
  if (!found || !*found) return std::nullopt;
  return (*found)->version;
}

}  // namespace eventioz::eventstore
