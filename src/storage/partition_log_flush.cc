// Group commit: fsyncs on the flush threads, waiters answered once their offsets are durable,
// and what a failed fsync leaves in doubt (docs/storage.md, "The durability contract").
#include <spdlog/spdlog.h>

#include <future>
#include <thread>

#include "base/metrics_registry.h"
#include "storage/errc.h"
#include "storage/partition_log.h"
#include "storage/storage_probe.h"

namespace eventioz::storage {

metrics::histogram& fsync_duration_histogram() {
  static metrics::histogram& child =
      metrics::default_registry()
          .histogram_family("eventioz_storage_fsync_duration_seconds",
                            "Time one fdatasync of a log file took, in seconds.")
          .with({});
  return child;
}

partition_log::deferred_callbacks_scope::~deferred_callbacks_scope() {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(_log._mutex);
    callbacks.swap(_log._deferred_callbacks);
  }
  for (auto& callback : callbacks) callback();
}

void partition_log::complete_waiters_locked(const status& outcome) {
  // On success, the waiters whose offsets are durable; on failure, all of them.
  auto end = outcome.ok() ? _waiters.lower_bound(_durable_end) : _waiters.end();
  for (auto it = _waiters.begin(); it != end; ++it) {
    _deferred_callbacks.push_back([done = std::move(it->second), outcome] { done(outcome); });
  }
  _waiters.erase(_waiters.begin(), end);
}

void partition_log::fail_durability_locked(const error& failure) {
  // After a failed fsync (or write) the kernel may have dropped dirty pages (fsyncgate): what
  // was written since the durable end is unknowable, and a later fsync that succeeds proves
  // nothing about it. Nothing past the durable end was acknowledged, so every waiter fails and
  // the next append first cuts the log back to the durable end (repair_locked).
  if (!_needs_repair) {
    spdlog::error("{}: appends after offset {} are in doubt and will be cut: {}", _directory,
                  _durable_end, failure.to_string());
  }
  _needs_repair = true;
  ++_durability_generation;
  complete_waiters_locked(failure);
}

void partition_log::schedule_flush_per_policy_locked(int32_t record_count) {
  _unflushed_records += record_count;
  if (_config.syncs_every_append() || _unflushed_records >= _config.flush_messages) {
    schedule_flush_locked();
    return;
  }
  if (_config.flush_ms > 0 && !_flush_timer_pending) {
    std::weak_ptr<partition_log> weak = weak_from_this();
    _flush_timer_pending =
        _context.flusher.submit_after(std::chrono::milliseconds(_config.flush_ms), [weak] {
          if (auto self = weak.lock()) {
            deferred_callbacks_scope deferred(*self);
            std::lock_guard lock(self->_mutex);
            self->_flush_timer_pending = false;
            if (!self->_closed) self->schedule_flush_locked();
          }
        });
  }
}

void partition_log::schedule_flush_locked() {
  if (_flush_in_progress) {
    _flush_again = true;
    return;
  }
  std::weak_ptr<partition_log> weak = weak_from_this();
  _flush_in_progress = _context.flusher.submit([weak] {
    if (auto self = weak.lock()) self->run_flush();
  });
  if (!_flush_in_progress) {
    complete_waiters_locked(error(
        errc::log_closed,
        fmt::format("the flush threads of {} have stopped; close the log first", _directory)));
  }
}

void partition_log::wait_for_appends_to_settle(uint64_t expected_appends) const {
  // Group commit collects what arrives while an fsync runs. But appenders that wait for their
  // acknowledgements before sending more (a producer with N requests in flight) refill right
  // after an fsync completes, and an fsync started at the first refill would cover one append
  // and leave the rest for the next one. So when the last flush covered several appends, wait
  // until as many have arrived again, or the stream pauses, or a bound passes: tens of
  // microseconds against an fsync of hundreds.
  constexpr auto quiet_period = std::chrono::microseconds(30);
  constexpr auto wait_max = std::chrono::microseconds(250);
  auto start = std::chrono::steady_clock::now();
  auto last_change = start;
  uint64_t seen = _appends.load(std::memory_order_relaxed);
  while (seen - _appends_at_last_flush < expected_appends) {
    std::this_thread::yield();
    auto now = std::chrono::steady_clock::now();
    uint64_t appends = _appends.load(std::memory_order_relaxed);
    if (appends != seen) {
      seen = appends;
      last_change = now;
    } else if (now - last_change >= quiet_period) {
      return;
    }
    if (now - start >= wait_max) return;
  }
}

void partition_log::run_flush() {
  uint64_t expected_appends;
  {
    std::lock_guard lock(_mutex);
    expected_appends = _appends_covered_by_last_flush;
  }
  if (expected_appends >= 2) wait_for_appends_to_settle(expected_appends);

  deferred_callbacks_scope deferred(*this);
  std::vector<io::file_ptr> files;
  offset target;
  uint64_t generation;
  {
    std::lock_guard lock(_mutex);
    _flush_running = true;
    uint64_t appends = _appends.load(std::memory_order_relaxed);
    _appends_covered_by_last_flush = appends - _appends_at_last_flush;
    _appends_at_last_flush = appends;
    files.swap(_unsynced_files);
    target = _log_end;
    generation = _durability_generation;
    _unflushed_records = 0;
    _flush_again = false;
  }
  status outcome;
  metrics::histogram& fsync_latency = fsync_duration_histogram();
  for (const auto& file : files) {
    auto sync_started = std::chrono::steady_clock::now();
    outcome = file->sync_data();
    fsync_latency.observe(std::chrono::steady_clock::now() - sync_started);
    if (!outcome) break;
  }

  std::lock_guard lock(_mutex);
  if (!outcome) {
    _unsynced_files.insert(_unsynced_files.begin(), files.begin(), files.end());
    fail_durability_locked(outcome.error_value());
  } else if (generation != _durability_generation || _needs_repair) {
    // The log was cut (truncation, repair) or a failure put it in doubt while this fsync ran:
    // `target` may name offsets that no longer hold what was synced. Sync again from scratch.
    // Or a failure came before this fsync started (it was queued behind the one that failed):
    // a later fsync that succeeds proves nothing about the pages in doubt, whose appends were
    // failed, so only the repair (cut, then sync) makes the log durable again.
    _unsynced_files.insert(_unsynced_files.begin(), files.begin(), files.end());
    _flush_again = true;
  } else {
    if (target > _durable_end) _durable_end = target;
    complete_waiters_locked(ok_status());
  }
  _flush_running = false;
  _flush_idle.notify_all();
  _flush_in_progress = false;
  bool more = !_needs_repair && (_flush_again || !_waiters.empty());
  if (more && !_closed) schedule_flush_locked();
}

void partition_log::when_durable(offset last, std::function<void(status)> done) {
  deferred_callbacks_scope deferred(*this);
  std::lock_guard lock(_mutex);
  auto answer = [&](status outcome) {
    _deferred_callbacks.push_back([done = std::move(done), outcome] { done(outcome); });
  };
  if (last < _durable_end) return answer(ok_status());
  if (_closed) {
    return answer(error(errc::log_closed, fmt::format("log {} closed before offset {} was "
                                                      "durable",
                                                      _directory, last)));
  }
  if (last >= _log_end) {
    return answer(error(errc::offset_out_of_range,
                        fmt::format("offset {} of {} does not exist (log end {}); it may have "
                                    "been truncated",
                                    last, _directory, _log_end)));
  }
  if (_needs_repair) {
    return answer(error(std::make_error_code(std::errc::io_error),
                        fmt::format("an fsync of {} failed; offset {} is not durable and will "
                                    "be removed: append it again",
                                    _directory, last)));
  }
  _waiters.emplace(last, std::move(done));
  schedule_flush_locked();
}

status partition_log::sync() {
  offset last = log_end_offset() - 1;
  if (last < durable_end_offset()) return ok_status();
  std::promise<status> outcome;
  auto future = outcome.get_future();
  when_durable(last, [&outcome](status result) { outcome.set_value(std::move(result)); });
  return future.get();
}

status partition_log::repair_locked() {
  spdlog::warn("repairing {}: cutting appends after the last durable offset {}", _directory,
               _durable_end);
  EVENTIOZ_RETURN_IF_ERROR(truncate_suffix_locked(_durable_end));
  for (const auto& file : _unsynced_files) EVENTIOZ_RETURN_IF_ERROR(file->sync_data());
  _unsynced_files.clear();
  _needs_repair = false;
  return ok_status();
}

}  // namespace eventioz::storage
