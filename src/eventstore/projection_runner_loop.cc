// The folding thread of projection_runner: passes over every projection and partition, one
// bounded step each, then a sleep until a high watermark moves.
#include <spdlog/spdlog.h>

#include "eventstore/projection_runner.h"
#include "eventstore/store_config.h"

namespace eventioz::eventstore {
namespace {

// Log bytes read per fold step: bounds the step's memory and how long a removal waits for it.
constexpr size_t fold_chunk_bytes = 1 << 20;
// Without a wake-up, the thread looks again after this long (a safety net; watchers and
// wake() are what normally end the sleep)...
constexpr std::chrono::milliseconds idle_recheck{5'000};
// ...and after a step failed to read or commit, after this long (the fault may clear).
constexpr std::chrono::milliseconds retry_pause{1'000};

}  // namespace

void projection_runner::wake_signal::wake() {
  {
    std::lock_guard lock(mutex);
    woken = true;
  }
  changed.notify_all();
}

status projection_runner::start(cluster::topic_manager& topics) {
  EVENTIOZ_ASSERT(_topics == nullptr, "projection_runner::start called twice");
  _topics = &topics;
  // Stores deleted while the broker was down (or a crash before topic_deleted ran).
  std::vector<projection_ptr> doomed;
  for (const projection_ptr& state : active_projections()) {
    const std::string& store = state->folder.definition().store;
    std::optional<cluster::topic_metadata> topic = topics.find_topic(store);
    auto settings = topic ? parse_store_settings(topic->config_overrides)
                          : result<store_settings>(store_settings{});
    if (!settings || !settings->enabled) {
      spdlog::warn("projection {} of {}: the store is gone; dropping the projection",
                   state->folder.definition().name, store);
      doomed.push_back(state);
    }
  }
  if (!doomed.empty()) {
    {
      std::lock_guard lock(_mutex);
      EVENTIOZ_RETURN_IF_ERROR(forget_locked(doomed));
    }
    erase_data(doomed);
  }
  _thread = std::thread([this] { run(); });
  return ok_status();
}

status projection_runner::stop() {
  _stopping = true;
  _signal->wake();
  if (_thread.joinable()) _thread.join();
  return _db->flush();
}

std::vector<projection_runner::projection_ptr> projection_runner::active_projections() const {
  std::vector<projection_ptr> active;
  std::lock_guard lock(_mutex);
  for (const auto& [key, state] : _projections) {
    if (!state->failure) active.push_back(state);
  }
  return active;
}

void projection_runner::run() {
  while (!_stopping) {
    {
      std::lock_guard lock(_signal->mutex);
      _signal->woken = false;  // wakes from here on end the next sleep
    }
    pass_outcome pass = fold_pass();
    if (pass.moved) continue;
    if (pass.failed) {
      wait_for_work(false, retry_pause);
    } else {
      wait_for_work(true, idle_recheck);
    }
  }
}

projection_runner::pass_outcome projection_runner::fold_pass() {
  pass_outcome pass;
  for (const projection_ptr& state : active_projections()) {
    const std::string& store = state->folder.definition().store;
    std::optional<cluster::topic_metadata> topic = _topics->find_topic(store);
    if (!topic) continue;  // deleted: topic_deleted() removes the projection
    for (int32_t index = 0; index < topic->partition_count && !_stopping; ++index) {
      auto partition = _topics->get_partition(store, index);
      if (!partition) {
        pass.failed = true;
        continue;
      }
      pass_outcome step = fold_step(state, **partition);
      pass.moved |= step.moved;
      pass.failed |= step.failed;
    }
  }
  return pass;
}

int64_t projection_runner::next_start(const projection& state,
                                      cluster::partition& partition) const {
  int64_t position = 0;
  {
    std::lock_guard lock(_mutex);
    auto found = state.positions.find(partition.id().partition);
    if (found != state.positions.end()) position = found->second;
  }
  return std::max(position, partition.log().log_start_offset().value());
}

projection_runner::pass_outcome projection_runner::fold_step(const projection_ptr& state,
                                                             cluster::partition& partition) {
  int32_t index = partition.id().partition;
  const projection_definition& definition = state->folder.definition();
  auto report = [&](const error& failure) {
    if (!state->read_error_logged) {
      spdlog::warn("projection {} of {}, partition {}: {} (retrying)", definition.name,
                   definition.store, index, failure.to_string());
    }
    state->read_error_logged = true;
    return pass_outcome{.failed = true};
  };

  std::lock_guard fold_lock(_fold_mutex);
  if (state->removed) return {};
  int64_t start = next_start(*state, partition);
  int64_t end = partition.high_watermark().value();
  if (start >= end) return {};
  int64_t keys = 0;
  {
    std::lock_guard lock(_mutex);
    keys = state->keys;
  }
  auto bytes = partition.log().read_verified(
      {.start = offset(start), .max_bytes = fold_chunk_bytes, .end = offset(end)});
  if (!bytes) return report(bytes.error_value());
  auto outcome = state->folder.fold(
      *bytes, index, start, keys, [&](const std::string& key) { return _db->get(state->id, key); });
  if (!outcome) return report(outcome.error_value());
  if (outcome->next_offset <= start && !outcome->failure) return {};
  if (status committed = _db->commit(state->id, outcome->changes); !committed.ok()) {
    return report(committed.error_value());
  }
  state->read_error_logged = false;
  {
    std::lock_guard lock(_mutex);
    state->positions[index] = outcome->next_offset;
    state->keys = outcome->changes.key_count;
    state->failure = outcome->failure;
  }
  if (outcome->failure) {
    spdlog::warn("projection {} of {} stopped: {}", definition.name, definition.store,
                 *outcome->failure);
  }
  return {.moved = outcome->next_offset > start};
}

void projection_runner::wait_for_work(bool watch, std::chrono::milliseconds recheck) {
  struct watched {
    std::shared_ptr<cluster::partition> partition;
    uint64_t ticket;
  };
  std::vector<watched> watches;
  std::shared_ptr<wake_signal> signal = _signal;  // watchers may fire after this returns
  for (const projection_ptr& state : watch ? active_projections() : std::vector<projection_ptr>()) {
    const std::string& store = state->folder.definition().store;
    std::optional<cluster::topic_metadata> topic = _topics->find_topic(store);
    if (!topic) continue;
    for (int32_t index = 0; index < topic->partition_count; ++index) {
      auto partition = _topics->get_partition(store, index);
      if (!partition) continue;
      // Wakes at once when the high watermark is already past the position.
      uint64_t ticket =
          (*partition)->watch_high_watermark(offset(next_start(*state, **partition)), [signal] {
            signal->wake();
          });
      if (ticket != 0) watches.push_back({*partition, ticket});
    }
  }
  {
    std::unique_lock lock(signal->mutex);
    signal->changed.wait_for(lock, recheck, [&] { return signal->woken || _stopping.load(); });
  }
  for (const watched& each : watches) each.partition->unwatch(each.ticket);
}

}  // namespace eventioz::eventstore
