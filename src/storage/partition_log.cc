#include "storage/partition_log.h"

#include <spdlog/spdlog.h>

#include <future>
#include <thread>

#include "model/record_batch_format.h"
#include "storage/errc.h"

namespace eventioz::storage {
namespace {

// The most a compressed batch may expand to while its records are validated.
constexpr size_t decompressed_batch_size_max = 64 << 20;

}  // namespace

partition_log::partition_log(log_context context, std::string directory, log_config config)
    : _context(context), _directory(std::move(directory)), _config(config) {}

partition_log::~partition_log() {
  auto closed = close();
  if (!closed && closed.error_value() != errc::log_closed) {
    spdlog::error("closing {}: {}", _directory, closed.error_value().to_string());
  }
}

log_segment& partition_log::active_segment() {
  EVENTIOZ_ASSERT(!_segments.empty(), "log {} has no segment", _directory);
  return *_segments.rbegin()->second;
}

offset partition_log::log_start_offset() const {
  std::lock_guard lock(_mutex);
  return _log_start;
}
offset partition_log::log_end_offset() const {
  std::lock_guard lock(_mutex);
  return _log_end;
}
offset partition_log::durable_end_offset() const {
  std::lock_guard lock(_mutex);
  return _durable_end;
}
offset partition_log::committed_end_offset() const {
  std::lock_guard lock(_mutex);
  return _committed_end;
}
size_t partition_log::segment_count() const {
  std::lock_guard lock(_mutex);
  return _segments.size();
}
log_config partition_log::config() const {
  std::lock_guard lock(_mutex);
  return _config;
}

uint64_t partition_log::size_bytes() const {
  std::lock_guard lock(_mutex);
  uint64_t total = 0;
  for (const auto& [base, segment] : _segments) total += segment->size_bytes();
  return total;
}

void partition_log::advance_committed(offset end) {
  std::lock_guard lock(_mutex);
  EVENTIOZ_ASSERT(end <= _log_end, "committed end {} past log end {} of {}", end, _log_end,
                  _directory);
  if (end > _committed_end) _committed_end = end;
}

status partition_log::update_config(const log_config& config) {
  std::lock_guard lock(_mutex);
  _config = config;
  return ok_status();
}

result<append_result> partition_log::append(mutable_byte_span batch, term_id term) {
  // Validation reads every byte (CRC, records): do it before taking the lock.
  uint64_t size_max = config().max_message_bytes;
  if (batch.size() > size_max) {
    return error(errc::batch_too_large,
                 fmt::format("a batch of {} bytes is larger than max.message.bytes ({}); raise "
                             "the topic's max.message.bytes or send smaller batches",
                             batch.size(), size_max));
  }
  EVENTIOZ_TRY(model::record_batch_header header, model::validate_batch(batch));
  EVENTIOZ_RETURN_IF_ERROR(model::validate_records(batch, decompressed_batch_size_max));

  std::unique_lock lock(_mutex);
  if (_closed) return error(errc::log_closed, fmt::format("log {} is closed", _directory));
  if (_needs_repair) EVENTIOZ_RETURN_IF_ERROR(repair_locked());
  if (_clean_checkpoint_on_disk) EVENTIOZ_RETURN_IF_ERROR(prepare_first_write_locked());

  header.base_offset = _log_end;
  header.partition_leader_epoch = static_cast<int32_t>(term.value());
  model::set_base_offset(batch, header.base_offset);
  model::set_partition_leader_epoch(batch, header.partition_leader_epoch);

  int64_t now_ms = _context.time.now_ms();
  log_segment* active = &active_segment();
  bool too_old = !active->empty() && now_ms - _active_segment_opened_ms >= _config.segment_ms;
  if (too_old || !active->can_hold(batch.size(), header.last_offset())) {
    EVENTIOZ_RETURN_IF_ERROR(roll_locked(_log_end));
    active = &active_segment();
  }
  EVENTIOZ_RETURN_IF_ERROR(active->append(header, batch));
  _log_end = header.last_offset() + 1;
  _appends.fetch_add(1, std::memory_order_relaxed);
  if (_unsynced_files.empty() || _unsynced_files.back() != active->file()) {
    _unsynced_files.push_back(active->file());
  }
  schedule_flush_per_policy_locked(header.record_count);
  return append_result{header.base_offset, header.last_offset(), now_ms};
}

status partition_log::roll_locked(offset new_base) {
  // A sealed segment is durable with durable indexes, so recovery never has to look at it.
  EVENTIOZ_RETURN_IF_ERROR(active_segment().write_indexes_and_sync());
  EVENTIOZ_TRY(auto segment, log_segment::create(_context.fs, _directory, new_base, _config));
  _segments.emplace(new_base, std::move(segment));
  _active_segment_opened_ms = _context.time.now_ms();
  return ok_status();
}

status partition_log::prepare_first_write_locked() {
  // The checkpoint on disk promises the active segment is exactly as closed. Withdraw the
  // promise durably before the first byte changes, or a crash would be mistaken for a clean
  // shutdown.
  EVENTIOZ_RETURN_IF_ERROR(write_checkpoint_locked(/*clean=*/false));
  _clean_checkpoint_on_disk = false;
  return ok_status();
}

status partition_log::write_checkpoint_locked(bool clean) {
  partition_checkpoint checkpoint;
  checkpoint.log_start_offset = _log_start;
  checkpoint.committed_end_offset = _committed_end;
  checkpoint.clean_shutdown = clean;
  checkpoint.log_end_offset = _log_end;
  checkpoint.active_segment_size = active_segment().size_bytes();
  return write_partition_checkpoint(_context.fs, _directory, checkpoint);
}

status partition_log::checkpoint() {
  std::lock_guard lock(_mutex);
  // Closed, or unchanged since a clean close: the checkpoint on disk is already right.
  if (_closed || _clean_checkpoint_on_disk) return ok_status();
  auto written = write_checkpoint_locked(/*clean=*/false);
  if (written) _clean_checkpoint_on_disk = false;
  return written;
}

void partition_log::schedule_flush_per_policy_locked(int32_t record_count) {
  _unflushed_records += record_count;
  if (_config.syncs_every_append() || _unflushed_records >= _config.flush_messages) {
    schedule_flush_locked();
    return;
  }
  if (_config.flush_ms > 0 && !_flush_timer_pending) {
    _flush_timer_pending = true;
    std::weak_ptr<partition_log> weak = weak_from_this();
    _context.flusher.submit_after(std::chrono::milliseconds(_config.flush_ms), [weak] {
      if (auto self = weak.lock()) {
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
  _flush_in_progress = true;
  std::weak_ptr<partition_log> weak = weak_from_this();
  _context.flusher.submit([weak] {
    if (auto self = weak.lock()) self->run_flush();
  });
}

std::vector<std::function<void()>> partition_log::take_waiters_locked(offset durable_end,
                                                                      const status& outcome) {
  std::vector<std::function<void()>> ready;
  auto end = outcome.ok() ? _waiters.lower_bound(durable_end) : _waiters.end();
  for (auto it = _waiters.begin(); it != end; ++it) {
    ready.push_back([done = std::move(it->second), outcome] { done(outcome); });
  }
  _waiters.erase(_waiters.begin(), end);
  return ready;
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
  std::vector<io::file_ptr> files;
  offset target;
  uint64_t expected_appends;
  {
    std::lock_guard lock(_mutex);
    expected_appends = _appends_covered_by_last_flush;
  }
  if (expected_appends >= 2) wait_for_appends_to_settle(expected_appends);
  {
    std::lock_guard lock(_mutex);
    _flush_running = true;
    uint64_t appends = _appends.load(std::memory_order_relaxed);
    _appends_covered_by_last_flush = appends - _appends_at_last_flush;
    _appends_at_last_flush = appends;
    files.swap(_unsynced_files);
    target = _log_end;
    _unflushed_records = 0;
    _flush_again = false;
  }
  status outcome;
  for (const auto& file : files) {
    outcome = file->sync_data();
    if (!outcome) break;
  }
  {
    std::lock_guard lock(_mutex);
    if (outcome && _needs_repair) {
      // A success after a failure proves nothing about the pages the failure lost.
      outcome = error(std::make_error_code(std::errc::io_error),
                      fmt::format("an earlier fsync of {} failed", _directory));
    }
  }
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(_mutex);
    if (outcome) {
      if (target > _durable_end) _durable_end = target;
    } else {
      // After a failed fsync the kernel may have dropped the dirty pages (fsyncgate): what was
      // written since the last durable point is unknowable. Nothing past it was acknowledged,
      // so the next append first cuts the log back to it.
      spdlog::error("fsync of {} failed; appends since offset {} will be cut: {}", _directory,
                    _durable_end, outcome.error_value().to_string());
      _needs_repair = true;
      _unsynced_files.insert(_unsynced_files.begin(), files.begin(), files.end());
    }
    ready = take_waiters_locked(_durable_end, outcome);
    _flush_running = false;
    _flush_idle.notify_all();
    bool more = outcome && (_flush_again || !_waiters.empty());
    if (more && !_closed) {
      _flush_in_progress = false;
      schedule_flush_locked();
    } else {
      _flush_in_progress = false;
    }
  }
  for (auto& callback : ready) callback();
}

void partition_log::when_durable(offset last, std::function<void(status)> done) {
  {
    std::lock_guard lock(_mutex);
    if (last >= _durable_end && _needs_repair && !_closed) {
      // A failed fsync left everything past the durable end in doubt; it will be cut.
      error doubtful(std::make_error_code(std::errc::io_error),
                     fmt::format("an fsync of {} failed; offset {} is not durable and will be "
                                 "removed: append it again",
                                 _directory, last));
      _context.flusher.submit([done = std::move(done), doubtful] { done(doubtful); });
      return;
    }
    if (last >= _durable_end) {
      if (_closed) {
        // Closing synced everything it could; nothing more will become durable.
      } else {
        _waiters.emplace(last, std::move(done));
        schedule_flush_locked();
        return;
      }
    }
  }
  if (last < durable_end_offset()) {
    done(ok_status());
  } else {
    done(error(errc::log_closed,
               fmt::format("log {} closed before offset {} was durable", _directory, last)));
  }
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
  std::vector<std::function<void()>> failed_waiters;
  auto truncated = truncate_suffix_locked(_durable_end, failed_waiters);
  // Waiters past the durable end wait for offsets that are being cut: answer them off-lock.
  if (!failed_waiters.empty()) {
    _context.flusher.submit([callbacks = std::move(failed_waiters)]() mutable {
      for (auto& callback : callbacks) callback();
    });
  }
  EVENTIOZ_RETURN_IF_ERROR(truncated);
  for (const auto& file : _unsynced_files) EVENTIOZ_RETURN_IF_ERROR(file->sync_data());
  _unsynced_files.clear();
  _needs_repair = false;
  return ok_status();
}

status partition_log::close() {
  std::vector<std::function<void()>> ready;
  status outcome;
  {
    std::unique_lock lock(_mutex);
    if (_closed) return error(errc::log_closed, fmt::format("log {} is closed", _directory));
    _closed = true;
    _flush_idle.wait(lock, [&] { return !_flush_running; });
    if (_needs_repair) outcome = repair_locked();
    if (outcome) outcome = active_segment().write_indexes_and_sync();
    if (outcome) {
      _durable_end = _log_end;
      _unsynced_files.clear();
      outcome = write_checkpoint_locked(/*clean=*/true);
    }
    if (!outcome) {
      spdlog::error("closing {} uncleanly: {}", _directory, outcome.error_value().to_string());
    }
    ready = take_waiters_locked(_durable_end, ok_status());
    auto failed = take_waiters_locked(
        _durable_end, error(errc::log_closed, fmt::format("log {} closed", _directory)));
    ready.insert(ready.end(), failed.begin(), failed.end());
  }
  for (auto& callback : ready) callback();
  return outcome;
}

}  // namespace eventioz::storage
