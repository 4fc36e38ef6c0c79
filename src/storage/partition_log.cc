// The partition log's life: opening state (see partition_log_open.cc), appends, rolling
// segments, checkpoints and closing. Durability is in partition_log_flush.cc.
#include "storage/partition_log.h"

#include <spdlog/spdlog.h>

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

error partition_log::closed_error() const {
  return error(errc::log_closed, fmt::format("log {} is closed", _directory));
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

offset partition_log::active_segment_base_offset() const {
  std::lock_guard lock(_mutex);
  return _segments.rbegin()->first;
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

  deferred_callbacks_scope deferred(*this);
  std::unique_lock lock(_mutex);
  if (_closed) return closed_error();
  if (_needs_repair) EVENTIOZ_RETURN_IF_ERROR(repair_locked());
  if (_clean_checkpoint_on_disk) EVENTIOZ_RETURN_IF_ERROR(prepare_first_write_locked());

  header.base_offset = _log_end;
  header.partition_leader_epoch = static_cast<int32_t>(term.value());
  model::set_base_offset(batch, header.base_offset);
  model::set_partition_leader_epoch(batch, header.partition_leader_epoch);

  int64_t now_ms = _context.time.now_ms();
  log_segment* active = &active_segment();
  bool too_old = !active->empty() && now_ms - _active_segment_opened_ms >= _config.segment_ms;
  bool roll = _roll_pending || too_old || !active->can_hold(batch.size(), header.last_offset());
  if (_prefill_pending && (roll || active->size_bytes() + batch.size() > _prefill_from)) {
    cancel_prefill_locked();  // never let zeros land on (or after) these bytes
  }
  if (roll) {
    EVENTIOZ_RETURN_IF_ERROR(roll_locked(_log_end));
    active = &active_segment();
  }
  auto written = active->append(header, batch);
  if (!written) {
    // The write was cut back off the file; the data before it is as it was. But a failed
    // write may have failed writeback of earlier pages too: treat it like a failed fsync.
    fail_durability_locked(written.error_value());
    return written.error_value();
  }
  _log_end = header.last_offset() + 1;
  _appends.fetch_add(1, std::memory_order_relaxed);
  if (_unsynced_files.empty() || _unsynced_files.back() != active->file()) {
    _unsynced_files.push_back(active->file());
  }
  schedule_flush_per_policy_locked(header.record_count);
  maybe_schedule_prefill_locked();
  return append_result{header.base_offset, header.last_offset(), now_ms};
}

status partition_log::roll() {
  deferred_callbacks_scope deferred(*this);
  std::lock_guard lock(_mutex);
  if (_closed) return closed_error();
  if (_needs_repair) EVENTIOZ_RETURN_IF_ERROR(repair_locked());
  if (active_segment().empty() && !_roll_pending) return ok_status();
  // The clean checkpoint names the active segment's size; a new active segment breaks it.
  if (_clean_checkpoint_on_disk) EVENTIOZ_RETURN_IF_ERROR(prepare_first_write_locked());
  EVENTIOZ_RETURN_IF_ERROR(roll_locked(_log_end));
  maybe_schedule_prefill_locked();
  return ok_status();
}

status partition_log::roll_locked(offset new_base) {
  if (!_roll_pending) {
    // A sealed segment is durable with durable indexes, so recovery never has to look at it,
    // and its file holds exactly its batches.
    cancel_prefill_locked();
    auto sealed = active_segment().trim_to_size();
    if (sealed) sealed = active_segment().write_indexes_and_sync();
    if (!sealed) {
      fail_durability_locked(sealed.error_value());
      return sealed;
    }
    // From here on the old segment is sealed: nothing may be written to it again, even if
    // creating the next one fails now (its next offset is the new segment's base).
    _roll_pending = true;
  }
  EVENTIOZ_TRY(auto segment, log_segment::create(_context.fs, _directory, new_base, _config));
  _segments.emplace(new_base, std::move(segment));
  _roll_pending = false;
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
  return write_checkpoint_locked(/*clean=*/false);
}

status partition_log::close() {
  deferred_callbacks_scope deferred(*this);
  std::unique_lock lock(_mutex);
  if (_closed) return closed_error();
  _closed = true;
  _flush_idle.wait(lock, [&] { return !_flush_running; });
  status outcome;
  cancel_prefill_locked();
  if (_needs_repair) outcome = repair_locked();
  if (outcome) outcome = active_segment().trim_to_size();
  if (outcome) {
    outcome = active_segment().write_indexes_and_sync();
    if (!outcome) fail_durability_locked(outcome.error_value());
  }
  if (outcome) {
    _durable_end = _log_end;
    _unsynced_files.clear();
    outcome = write_checkpoint_locked(/*clean=*/true);
  }
  if (!outcome) {
    spdlog::error("closing {} uncleanly: {}", _directory, outcome.error_value().to_string());
  }
  complete_waiters_locked(ok_status());
  complete_waiters_locked(error(
      errc::log_closed, fmt::format("log {} closed before the offset was durable", _directory)));
  return outcome;
}

}  // namespace eventioz::storage
