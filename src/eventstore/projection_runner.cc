// Projections: opening, the definitions, and the queries. The folding thread is in
// projection_runner_loop.cc.
#include "eventstore/projection_runner.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "eventstore/errc.h"
#include "eventstore/reducer_spec.h"
#include "eventstore/store_config.h"
#include "io/file_system.h"

namespace eventioz::eventstore {
namespace {

std::string catalog_path(const std::string& directory) {
  return io::join_path(directory, "projections.json");
}

error not_found(const std::string& store, const std::string& name) {
  return error(errc::projection_not_found,
               fmt::format("store {} has no projection named '{}'; list them with GET "
                           "/v1/stores/{}/projections",
                           store, name, store));
}

}  // namespace

result<std::unique_ptr<projection_runner>> projection_runner::open(
    std::string directory, const reducer_registry& reducers) {
  io::file_system& fs = io::posix_file_system();
  EVENTIOZ_RETURN_IF_ERROR(io::create_directories_durably(fs, directory));
  EVENTIOZ_TRY(projection_catalog catalog, load_projection_catalog(fs, catalog_path(directory)));
  EVENTIOZ_TRY(auto db, projection_db::open(io::join_path(directory, "projections")));
  std::unique_ptr<projection_runner> runner(
      new projection_runner(std::move(directory), reducers, std::move(db), std::move(catalog)));
  std::set<uint64_t> owned;
  for (const catalog_entry& entry : runner->_catalog.projections) {
    EVENTIOZ_TRY(projection_ptr state, runner->load(entry));
    runner->_projections[{entry.definition.store, entry.definition.name}] = state;
    owned.insert(entry.id);
  }
  // Data of projections removed by a crash between the catalog and the database.
  EVENTIOZ_TRY(std::set<uint64_t> stored, runner->_db->stored_ids());
  for (uint64_t id : stored) {
    if (!owned.contains(id)) EVENTIOZ_RETURN_IF_ERROR(runner->_db->erase(id));
  }
  return runner;
}

projection_runner::projection_runner(std::string directory, const reducer_registry& reducers,
                                     std::unique_ptr<projection_db> db, projection_catalog catalog)
    : _directory(std::move(directory)),
      _reducers(reducers),
      _db(std::move(db)),
      _catalog(std::move(catalog)) {}

projection_runner::~projection_runner() {
  status stopped = stop();
  if (!stopped.ok()) spdlog::warn("projections: stopping: {}", stopped.error_value().to_string());
}

result<projection_runner::projection_ptr> projection_runner::load(const catalog_entry& entry) {
  const projection_definition& definition = entry.definition;
  auto context = [&](const error& failure) {
    return failure.with_context(
        fmt::format("projection {} of store {}", definition.name, definition.store));
  };
  if (status checked = check_projection_definition(definition); !checked.ok()) {
    return context(checked.error_value());
  }
  auto reducer = make_reducer(definition.reducer, _reducers);
  if (!reducer) return context(reducer.error_value());
  auto state =
      std::make_shared<projection>(entry.id, projection_folder(definition, std::move(*reducer)));
  EVENTIOZ_TRY(state->positions, _db->positions(entry.id));
  EVENTIOZ_TRY(state->keys, _db->key_count(entry.id));
  return state;
}

result<projection_status> projection_runner::create(const projection_definition& definition) {
  EVENTIOZ_RETURN_IF_ERROR(check_projection_definition(definition));
  EVENTIOZ_ASSERT(_topics != nullptr, "projection_runner::create before start");
  std::optional<cluster::topic_metadata> topic = _topics->find_topic(definition.store);
  if (!topic) {
    return error(errc::store_not_found,
                 fmt::format("there is no store (topic) named {}", definition.store));
  }
  EVENTIOZ_TRY(store_settings settings, parse_store_settings(topic->config_overrides));
  if (!settings.enabled) {
    return error(errc::not_a_store,
                 fmt::format("topic {} is not an event store (eventioz.store=false); projections "
                             "fold stores only",
                             definition.store));
  }
  projection_ptr state;
  {
    std::lock_guard lock(_mutex);
    if (_projections.contains({definition.store, definition.name})) {
      return error(errc::projection_exists,
                   fmt::format("store {} already has a projection named '{}'; delete it first "
                               "or choose another name",
                               definition.store, definition.name));
    }
    catalog_entry entry{.id = _catalog.next_id, .definition = definition};
    EVENTIOZ_TRY(state, load(entry));  // builds the reducer: invalid_reducer
    projection_catalog changed = _catalog;
    changed.next_id++;
    changed.projections.push_back(entry);
    EVENTIOZ_RETURN_IF_ERROR(
        save_projection_catalog(io::posix_file_system(), catalog_path(_directory), changed));
    _catalog = std::move(changed);
    _projections[{definition.store, definition.name}] = state;
  }
  // The store deleted since it was looked up (its topic_deleted ran before the insert).
  if (!_topics->find_topic(definition.store)) {
    (void)remove(definition.store, definition.name);
    return error(
        errc::store_not_found,
        fmt::format("store {} was deleted while the projection was created", definition.store));
  }
  _signal->wake();
  return status_of(*state);
}

status projection_runner::remove(const std::string& store, const std::string& name) {
  std::vector<projection_ptr> doomed;
  {
    std::lock_guard lock(_mutex);
    auto found = _projections.find({store, name});
    if (found == _projections.end()) return not_found(store, name);
    doomed.push_back(found->second);
    EVENTIOZ_RETURN_IF_ERROR(forget_locked(doomed));
  }
  erase_data(doomed);
  return ok_status();
}

void projection_runner::topic_deleted(const std::string& topic) {
  std::vector<projection_ptr> doomed;
  {
    std::lock_guard lock(_mutex);
    for (const auto& [key, state] : _projections) {
      if (key.first == topic) doomed.push_back(state);
    }
    if (doomed.empty()) return;
    status forgotten = forget_locked(doomed);
    if (!forgotten.ok()) {
      // The projections are gone from memory; the catalog still names them, so the next start
      // drops them (their store is gone) and open() then erases their data.
      spdlog::warn("projections of deleted topic {}: {}", topic,
                   forgotten.error_value().to_string());
    }
  }
  erase_data(doomed);
}

status projection_runner::forget_locked(const std::vector<projection_ptr>& doomed) {
  std::set<uint64_t> ids;
  for (const projection_ptr& state : doomed) {
    ids.insert(state->id);
    state->removed = true;  // before _fold_mutex: a step that has not begun will skip it
    const projection_definition& definition = state->folder.definition();
    _projections.erase({definition.store, definition.name});
  }
  projection_catalog changed = _catalog;
  std::erase_if(changed.projections,
                [&](const catalog_entry& entry) { return ids.contains(entry.id); });
  EVENTIOZ_RETURN_IF_ERROR(
      save_projection_catalog(io::posix_file_system(), catalog_path(_directory), changed));
  _catalog = std::move(changed);
  return ok_status();
}

void projection_runner::erase_data(const std::vector<projection_ptr>& doomed) {
  std::lock_guard fold_lock(_fold_mutex);  // a step under way commits first, then is erased
  for (const projection_ptr& state : doomed) {
    status erased = _db->erase(state->id);
    // Left behind, the data is erased at the next open (no catalog entry owns it).
    if (!erased.ok()) spdlog::warn("projections: {}", erased.error_value().to_string());
  }
}

result<projection_runner::projection_ptr> projection_runner::find(const std::string& store,
                                                                  const std::string& name) const {
  std::lock_guard lock(_mutex);
  auto found = _projections.find({store, name});
  if (found == _projections.end()) return not_found(store, name);
  return found->second;
}

projection_status projection_runner::status_of(const projection& state) const {
  projection_status status{.definition = state.folder.definition()};
  {
    std::lock_guard lock(_mutex);
    status.positions = state.positions;
    status.keys = state.keys;
    status.failure = state.failure;
  }
  const std::string& store = status.definition.store;
  std::optional<cluster::topic_metadata> topic =
      _topics ? _topics->find_topic(store) : std::nullopt;
  int32_t partitions = topic ? topic->partition_count : 0;
  for (int32_t index = 0; index < partitions; ++index) {
    int64_t& position = status.positions[index];  // 0 when never folded
    auto partition = _topics->get_partition(store, index);
    if (!partition) continue;
    int64_t start = (*partition)->log().log_start_offset().value();
    int64_t high_watermark = (*partition)->high_watermark().value();
    status.lag += std::max<int64_t>(0, high_watermark - std::max(position, start));
  }
  return status;
}

std::vector<projection_status> projection_runner::list(const std::string& store) const {
  std::vector<projection_ptr> found;
  {
    std::lock_guard lock(_mutex);
    for (const auto& [key, state] : _projections) {
      if (key.first == store) found.push_back(state);
    }
  }
  std::vector<projection_status> statuses;
  for (const projection_ptr& state : found) statuses.push_back(status_of(*state));
  return statuses;
}

result<projection_status> projection_runner::status_of(const std::string& store,
                                                       const std::string& name) const {
  EVENTIOZ_TRY(projection_ptr state, find(store, name));
  return status_of(*state);
}

result<projection_entry> projection_runner::get(const std::string& store, const std::string& name,
                                                const std::string& key) const {
  EVENTIOZ_TRY(projection_ptr state, find(store, name));
  EVENTIOZ_TRY(std::optional<projection_entry> entry, _db->get(state->id, key));
  if (!entry) {
    return error(errc::projection_not_found,
                 fmt::format("projection {} of store {} has no entry for key '{}' (yet: see its "
                             "lag in the projection's status)",
                             name, store, key));
  }
  return std::move(*entry);
}

result<std::vector<projection_entry>> projection_runner::entries(const std::string& store,
                                                                 const std::string& name,
                                                                 const std::string& prefix,
                                                                 const std::string& after_key,
                                                                 size_t limit) const {
  EVENTIOZ_TRY(projection_ptr state, find(store, name));
  return _db->entries(state->id, prefix, after_key, std::min(limit, entries_limit_max));
}

}  // namespace eventioz::eventstore
