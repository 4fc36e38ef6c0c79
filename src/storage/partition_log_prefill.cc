// Preallocation: keeping zero-filled, synced blocks ahead of the appends, so that the appends'
// fdatasync commits data without a journal commit (roughly the "overwrite" row of
// docs/benchmarks.md against the "append" row). The zeros are written on a flush thread, never
// under the log's mutex, and never over data: anything that writes into, cuts or seals the file
// cancels the prefill first.

#include <algorithm>

#include "storage/partition_log.h"

namespace eventioz::storage {
namespace {

// How far ahead to zero-fill, and when to start the next chunk.
constexpr uint64_t prefill_chunk_bytes = 16 << 20;
// The zeros are written in pieces of this size (see run_prefill).
constexpr size_t prefill_piece_bytes = 1 << 20;

}  // namespace

void partition_log::maybe_schedule_prefill_locked() {
  if (!_config.preallocate || _prefill_pending || _closed || _roll_pending) return;
  log_segment& active = active_segment();
  uint64_t chunk = std::min<uint64_t>(prefill_chunk_bytes, _config.segment_bytes);
  uint64_t ahead = active.prefilled_end() - active.size_bytes();
  // Keep between one and two chunks ahead, so that a steady appender rarely meets the zeros
  // being written.
  if (ahead >= chunk || active.prefilled_end() >= _config.segment_bytes) return;
  // Never start right at the write position: the next append would land on the zeros at once.
  uint64_t from = std::max(active.prefilled_end(), active.size_bytes() + chunk / 4);
  if (from >= _config.segment_bytes) return;
  uint64_t to = std::min<uint64_t>(from + chunk, _config.segment_bytes);
  {
    std::lock_guard prefill(_prefill_mutex);
    _prefill_cancelled = false;
  }
  // Its own handle on the segment file: Linux reports a writeback error once per open file
  // description, so an error that the prefill's fsync meets is still reported to the log's
  // own handle at the next group commit (besides failing durability below).
  auto own_handle = _context.fs.open(active.log_path(), io::open_mode::read_write);
  if (!own_handle) return;
  std::weak_ptr<partition_log> weak = weak_from_this();
  io::file_ptr file = std::move(*own_handle);
  _prefill_pending = _context.flusher.submit([weak, file, from, to] {
    if (auto self = weak.lock()) self->run_prefill(file, from, to);
  });
  _prefill_from = from;
}

void partition_log::cancel_prefill_locked() {
  if (!_prefill_pending) return;
  // Waits for a zero write in progress; a job that has not started yet will see the flag.
  std::lock_guard prefill(_prefill_mutex);
  _prefill_cancelled = true;
}

void partition_log::run_prefill(io::file_ptr file, uint64_t from, uint64_t to) {
  // Zeros go in pieces, each under _prefill_mutex, so that an append catching up waits for one
  // piece at most; the fsync that makes the blocks' allocation durable needs no lock.
  static const byte_buffer zeros(prefill_piece_bytes, 0);
  uint64_t written_end = from;
  bool cancelled = false;
  status written;
  while (written_end < to) {
    {
      std::lock_guard prefill(_prefill_mutex);
      if (_prefill_cancelled) {
        cancelled = true;
        break;
      }
      size_t piece = static_cast<size_t>(std::min<uint64_t>(to - written_end, zeros.size()));
      written = file->write_at(written_end, byte_span(zeros.data(), piece));
      if (!written) break;
      written_end += piece;
    }
    // A sync per piece, not one for the chunk: a long burst of zeros would hold up the group
    // commits queued behind it on the disk.
    written = file->sync_data();
    if (!written) break;
  }

  deferred_callbacks_scope deferred(*this);
  std::lock_guard lock(_mutex);
  _prefill_pending = false;
  if (!written && !_closed) {
    // The fsync (or write) of the file failed: it covered the appends written since the last
    // durable point too, whose pages the kernel may have dropped. Treat it like any failed
    // fsync (docs/storage.md): fail the waiters and cut back to the durable end.
    fail_durability_locked(written.error_value());
  }
  if (_closed || _segments.empty()) return;
  log_segment& active = active_segment();
  if (active.log_path() != file->path()) return;
  if (!written || cancelled) {
    // A failure, or the appends caught up: this log writes faster than zeros can be laid
    // ahead of it, and group commit already amortizes its fsyncs. Writing zeros too would only
    // double the bytes the disk must take, so leave the rest of this segment alone.
    active.set_prefilled_end(_config.segment_bytes);
  } else {
    active.set_prefilled_end(to);
  }
}

}  // namespace eventioz::storage
