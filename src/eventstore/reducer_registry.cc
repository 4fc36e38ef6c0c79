// Function reducers: a C++ function behind the reducer interface, named by the registry.
#include "eventstore/reducer_registry.h"

#include <fmt/format.h>

#include <exception>
#include <utility>

#include "eventstore/errc.h"

namespace eventioz::eventstore {
namespace {

class function_reducer final : public reducer {
 public:
  function_reducer(const std::string& name, reducer_function apply, nlohmann::json initial,
                   int version)
      : _name(name),
        _identity(fmt::format("function:{}:v{}", name, version)),
        _apply(std::move(apply)),
        _initial(std::move(initial)) {}

  const std::string& identity() const override { return _identity; }
  nlohmann::json initial_state() const override { return _initial; }

  // The function is the embedding service's code: its errors are reported as reducer
  // failures naming the event, and an exception it throws is caught here, so that nothing
  // escapes the event store.
  status apply(nlohmann::json& state, const event_view& event) const override {
    try {
      status applied = _apply(state, event);
      if (applied.ok()) return applied;
      return error(errc::reducer_failed,
                   fmt::format("event version {} (type '{}'): function "
                               "reducer '{}': {}",
                               event.version, event.type, _name, applied.error_value().message()));
    } catch (const std::exception& thrown) {
      return error(errc::reducer_failed,
                   fmt::format("event version {} (type '{}'): function reducer '{}' threw: {}",
                               event.version, event.type, _name, thrown.what()));
    } catch (...) {
      return error(errc::reducer_failed,
                   fmt::format("event version {} (type '{}'): function reducer '{}' threw an "
                               "exception that is not a std::exception",
                               event.version, event.type, _name));
    }
  }

 private:
  std::string _name;
  std::string _identity;
  reducer_function _apply;
  nlohmann::json _initial;
};

}  // namespace

void reducer_registry::add(std::string name, reducer_function apply, nlohmann::json initial_state,
                           int version) {
  auto made = std::make_shared<const function_reducer>(name, std::move(apply),
                                                       std::move(initial_state), version);
  std::lock_guard lock(_mutex);
  _reducers[std::move(name)] = std::move(made);
}

std::shared_ptr<const reducer> reducer_registry::find(const std::string& name) const {
  std::lock_guard lock(_mutex);
  auto found = _reducers.find(name);
  return found == _reducers.end() ? nullptr : found->second;
}

}  // namespace eventioz::eventstore
