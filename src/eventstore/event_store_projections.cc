// The event store's projections: the runner's lifecycle (opened and started by attach(),
// stopped by close(), told of deleted topics) and the calls forwarded to it.
#include <spdlog/spdlog.h>

#include "eventstore/event_store.h"
#include "eventstore/projection_runner.h"
#include "eventstore/stream_index.h"
#include "io/file_system.h"

namespace eventioz::eventstore {
namespace {

error not_attached() {
  return error(std::make_error_code(std::errc::operation_not_permitted),
               "the event store is not attached to the topics yet (or is closed)");
}

}  // namespace

event_store::event_store(event_store_options options) : _options(std::move(options)) {}

event_store::~event_store() = default;

status event_store::start_projections() {
  EVENTIOZ_TRY(_projections, projection_runner::open(
                                 io::join_path(_options.data_directory, "eventstore"), _reducers));
  return _projections->start(*_topics);
}

void event_store::stop_projections() {
  if (!_projections) return;
  status stopped = _projections->stop();
  if (!stopped.ok()) {
    spdlog::warn("event store: stopping the projections: {}", stopped.error_value().to_string());
  }
}

void event_store::forget_projections_of(const std::string& topic) {
  if (_projections) _projections->topic_deleted(topic);
}

result<projection_status> event_store::create_projection(const projection_definition& definition) {
  if (!_projections) return not_attached();
  return _projections->create(definition);
}

status event_store::delete_projection(const std::string& store, const std::string& name) {
  if (!_projections) return not_attached();
  return _projections->remove(store, name);
}

std::vector<projection_status> event_store::projections(const std::string& store) const {
  if (!_projections) return {};
  return _projections->list(store);
}

result<projection_status> event_store::projection(const std::string& store,
                                                  const std::string& name) const {
  if (!_projections) return not_attached();
  return _projections->status_of(store, name);
}

result<projection_entry> event_store::projection_get(const std::string& store,
                                                     const std::string& name,
                                                     const std::string& key) const {
  if (!_projections) return not_attached();
  return _projections->get(store, name, key);
}

result<std::vector<projection_entry>> event_store::projection_list(const std::string& store,
                                                                   const std::string& name,
                                                                   const std::string& prefix,
                                                                   const std::string& after_key,
                                                                   size_t limit) const {
  if (!_projections) return not_attached();
  return _projections->entries(store, name, prefix, after_key, limit);
}

}  // namespace eventioz::eventstore
