// Keeping a partition's producer state across restarts: the snapshot, written once the log is
// durable up to the offset it reflects, and at open the replay of the log after it.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cluster/errc.h"
#include "cluster/partition.h"
#include "cluster/producer_state_snapshot.h"
#include "io/file_system.h"
#include "model/transaction_marker.h"
#include "storage/errc.h"

namespace eventioz::cluster {
namespace {

constexpr size_t replay_chunk_bytes = 1 << 20;
constexpr uint64_t snapshot_size_max = 256 << 20;
// Housekeeping rewrites an unchanged producer state after this many new offsets, so the replay
// after a crash stays short.
constexpr int64_t snapshot_offsets_between = 100'000;

}  // namespace

status partition::recover_producer_state() {
  offset log_start = _log->log_start_offset();
  offset log_end = _log->log_end_offset();
  offset replay_from = log_start;
  if (_options.fs) {
    std::string path = io::join_path(_log->directory(), std::string(producer_snapshot_file_name));
    EVENTIOZ_TRY(bool exists, _options.fs->exists(path));
    if (exists) {
      auto text = io::read_small_file(*_options.fs, path, snapshot_size_max);
      auto snapshot =
          text ? decode_producer_snapshot(*text) : result<producer_snapshot>(text.error_value());
      if (!snapshot) {
        spdlog::warn("{}-{}: {}; rebuilding the producer state from the whole log", _id.topic,
                     _id.partition, snapshot.error_value().to_string());
      } else if (snapshot->applied_through > log_end) {
        // A crash cut the log below what the snapshot saw: it may hold batches that are gone.
        spdlog::warn(
            "{}-{}: the producer state snapshot reaches offset {}, beyond the log end "
            "{}; rebuilding it from the whole log",
            _id.topic, _id.partition, snapshot->applied_through.value(), log_end.value());
      } else {
        std::lock_guard lock(_producer_mutex);
        _producers = std::move(snapshot->state);
        replay_from = std::max(snapshot->applied_through, log_start);
      }
    }
  }
  {
    // What is on disk now: replaying anything (or changing the state) makes the next save
    // write a snapshot, so the next open replays less.
    std::lock_guard lock(_producer_mutex);
    _saved_version = _producers.version();
    _saved_applied_through = replay_from;
  }
  EVENTIOZ_RETURN_IF_ERROR(replay_log_from(replay_from));
  std::lock_guard lock(_producer_mutex);
  _producers.forget_aborted_before(log_start);
  refresh_first_unstable_locked();
  return ok_status();
}

status partition::replay_log_from(offset start) {
  offset end = _log->log_end_offset();
  while (start < end) {
    EVENTIOZ_TRY(byte_buffer bytes, _log->read_verified({.start = start,
                                                         .max_bytes = replay_chunk_bytes,
                                                         .end = end,
                                                         .at_least_one_batch = true}));
    if (bytes.empty()) break;
    std::lock_guard lock(_producer_mutex);
    for (size_t position = 0; position < bytes.size();) {
      byte_span rest(bytes.data() + position, bytes.size() - position);
      EVENTIOZ_TRY(model::record_batch_header header, model::parse_batch_header(rest));
      byte_span batch = rest.first(header.size_bytes());
      position += header.size_bytes();
      start = header.last_offset() + 1;
      if (header.producer_id < 0) continue;
      if (!header.is_control()) {
        _producers.record_batch(header, header.base_offset, header.last_offset(),
                                header.max_timestamp);
        continue;
      }
      auto marker = model::parse_transaction_marker(batch);
      if (!marker) {
        return error(
            storage::errc::corrupt_data,
            fmt::format("{}-{}: the control batch at offset {} is unreadable: {}", _id.topic,
                        _id.partition, header.base_offset.value(), marker.error_value().message()));
      }
      _producers.record_marker(marker->producer_id, marker->producer_epoch, marker->commit,
                               header.base_offset, marker->timestamp_ms);
    }
  }
  return ok_status();
}

status partition::save_producer_state(bool closing) {
  if (!_options.fs) return ok_status();
  std::string contents;
  offset applied_through;
  uint64_t version = 0;
  {
    std::lock_guard lock(_producer_mutex);
    _producers.expire(_options.time->now_ms(), _options.producer_id_expiration_ms);
    _producers.forget_aborted_before(_log->log_start_offset());
    applied_through = _log->log_end_offset();
    version = _producers.version();
    // Without producer changes, a snapshot only shortens the replay at the next open: worth
    // its fsyncs at close, or once the log moved on a lot.
    int64_t moved = applied_through - _saved_applied_through;
    bool worth_it =
        version != _saved_version || (moved != 0 && (closing || moved >= snapshot_offsets_between));
    if (!worth_it) return ok_status();
    contents = encode_producer_snapshot(_producers, applied_through);
  }
  // The snapshot may only describe durable batches: a crash must not leave it ahead of the log.
  if (_log->durable_end_offset() < applied_through) EVENTIOZ_RETURN_IF_ERROR(_log->sync());
  std::string path = io::join_path(_log->directory(), std::string(producer_snapshot_file_name));
  EVENTIOZ_RETURN_IF_ERROR(io::replace_file_durably(*_options.fs, path, contents));
  std::lock_guard lock(_producer_mutex);
  _saved_version = version;
  _saved_applied_through = applied_through;
  return ok_status();
}

}  // namespace eventioz::cluster
