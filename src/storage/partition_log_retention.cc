// Removing data from a partition log: from the end (Raft suffix truncation, repair after a
// failed fsync) and from the start (DeleteRecords, retention by time and size).
#include <spdlog/spdlog.h>

#include "storage/errc.h"
#include "storage/partition_log.h"

namespace eventioz::storage {

status partition_log::truncate_suffix(offset new_end) {
  deferred_callbacks_scope deferred(*this);
  std::lock_guard lock(_mutex);
  if (_closed) return closed_error();
  if (_clean_checkpoint_on_disk) EVENTIOZ_RETURN_IF_ERROR(prepare_first_write_locked());
  return truncate_suffix_locked(new_end);
}

status partition_log::truncate_suffix_locked(offset new_end) {
  if (new_end < _committed_end) {
    return error(errc::truncation_below_committed,
                 fmt::format("cannot truncate {} to offset {}: offsets below {} are committed",
                             _directory, new_end, _committed_end));
  }
  if (new_end >= _log_end) return ok_status();
  if (new_end < _log_start) {
    return error(errc::offset_out_of_range,
                 fmt::format("cannot truncate {} to offset {} below its start {}", _directory,
                             new_end, _log_start));
  }
  // Find where the new end falls, and refuse (changing nothing) if it is inside a batch.
  // The segment keeping it is the last one starting below it (or the first segment).
  auto keeper = _segments.lower_bound(new_end);
  if (keeper != _segments.begin()) --keeper;
  EVENTIOZ_TRY(uint64_t position, batch_start_position_locked(*keeper->second, new_end));

  // From here on offsets at or past new_end stop existing: flushes in flight must not count
  // them as durable, and their waiters fail.
  cancel_prefill_locked();
  ++_durability_generation;
  complete_waiters_locked(ok_status());
  for (auto it = _waiters.lower_bound(new_end); it != _waiters.end(); ++it) {
    error truncated(errc::offset_out_of_range,
                    fmt::format("offset {} of {} was truncated before it became durable", it->first,
                                _directory));
    _deferred_callbacks.push_back([done = std::move(it->second), truncated] { done(truncated); });
  }
  _waiters.erase(_waiters.lower_bound(new_end), _waiters.end());
  _unsynced_files.clear();
  _roll_pending = false;

  while (std::next(keeper) != _segments.end()) {
    auto last = std::prev(_segments.end());
    EVENTIOZ_RETURN_IF_ERROR(last->second->remove_files());
    _segments.erase(last);
  }
  log_segment& active = active_segment();
  auto cut = active.truncate_to_position(position, new_end);
  // Whatever happened, the log ends where its active segment now ends.
  _log_end = active.next_offset();
  if (_durable_end > _log_end) _durable_end = _log_end;
  _active_segment_opened_ms = _context.time.now_ms();
  EVENTIOZ_RETURN_IF_ERROR(cut);
  return _context.fs.sync_directory(_directory);
}

status partition_log::delete_records_before(offset new_start) {
  {
    std::lock_guard lock(_mutex);
    if (_closed) return closed_error();
    if (new_start > _committed_end) {
      return error(errc::offset_out_of_range,
                   fmt::format("cannot delete records of {} up to offset {}: only offsets below "
                               "the high watermark {} can be deleted",
                               _directory, new_start, _committed_end));
    }
    if (new_start <= _log_start) return ok_status();
    _log_start = new_start;
    EVENTIOZ_RETURN_IF_ERROR(write_checkpoint_locked(/*clean=*/false));
    _clean_checkpoint_on_disk = false;
  }
  auto retained = enforce_retention();
  if (!retained) return retained.error_value();
  return ok_status();
}

result<retention_report> partition_log::enforce_retention() {
  std::lock_guard lock(_mutex);
  if (_closed) return closed_error();
  retention_report report;
  uint64_t total_size = 0;
  for (const auto& [base, segment] : _segments) total_size += segment->size_bytes();
  int64_t now_ms = _context.time.now_ms();

  while (_segments.size() > 1) {
    log_segment& oldest = *_segments.begin()->second;
    offset next_base = std::next(_segments.begin())->first;
    if (next_base > _committed_end) break;  // never delete what readers cannot see yet
    bool below_start = next_base <= _log_start;
    bool too_big =
        _config.deletes() && _config.retention_bytes >= 0 &&
        total_size - oldest.size_bytes() >= static_cast<uint64_t>(_config.retention_bytes);
    bool too_old = false;
    if (_config.deletes() && _config.retention_ms >= 0) {
      EVENTIOZ_TRY(std::optional<int64_t> newest, oldest.max_timestamp());
      // A segment whose records carry no timestamps cannot be aged; an empty one can go.
      too_old = newest ? *newest < now_ms - _config.retention_ms : oldest.empty();
    }
    if (!below_start && !too_big && !too_old) break;

    EVENTIOZ_RETURN_IF_ERROR(oldest.remove_files());
    total_size -= oldest.size_bytes();
    report.bytes_deleted += oldest.size_bytes();
    ++report.segments_deleted;
    _segments.erase(_segments.begin());
    if (_log_start < next_base) _log_start = next_base;
  }
  if (report.segments_deleted > 0) {
    EVENTIOZ_RETURN_IF_ERROR(_context.fs.sync_directory(_directory));
    EVENTIOZ_RETURN_IF_ERROR(write_checkpoint_locked(/*clean=*/false));
    _clean_checkpoint_on_disk = false;
    spdlog::info("{}: retention deleted {} segments ({} bytes); log start is now {}", _directory,
                 report.segments_deleted, report.bytes_deleted, _log_start);
  }
  return report;
}

}  // namespace eventioz::storage
