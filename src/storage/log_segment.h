// One segment of a partition log: a file of record batches starting at `base_offset`, with its
// sparse offset and time indexes. A log is a sequence of segments; only the last, the active
// one, is appended to. Sealed segments are immutable, fully synced, and have synced indexes.
//
// Ownership and threads: owned by partition_log, which calls every method under its mutex.
// The file is shared (io::file_ptr) so that reads can continue outside the mutex, and keep
// working on the old inode after compaction or retention replaced or removed the file.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/strong_id.h"
#include "io/file_system.h"
#include "model/record_batch.h"
#include "storage/log_config.h"
#include "storage/offset_index.h"
#include "storage/time_index.h"

namespace eventioz::storage {

// What scanning a segment found: where its valid batches end, and why the scan stopped there.
struct segment_scan_report {
  uint64_t valid_size_bytes = 0;
  offset next_offset;  // after the last valid batch (the base offset when empty)
  uint64_t file_size_bytes = 0;
  bool stopped_early = false;  // a torn or corrupt batch before the end of the file
  std::string stop_reason;
};

class log_segment {
 public:
  // Creates an empty segment file and makes its directory entry durable.
  static result<std::unique_ptr<log_segment>> create(io::file_system& fs,
                                                     const std::string& directory,
                                                     offset base_offset, const log_config& config);

  // Opens an existing segment whose extent is known (a sealed segment, or the active segment
  // after a clean shutdown): the first `size_bytes` bytes hold batches up to `next_offset`.
  // Indexes are read lazily, on first use.
  static result<std::unique_ptr<log_segment>> open(io::file_system& fs,
                                                   const std::string& directory, offset base_offset,
                                                   uint64_t size_bytes, offset next_offset,
                                                   const log_config& config);

  // Opens a segment after a crash: scans every batch, checking CRCs, rebuilds both indexes, and
  // reports where the valid batches end. Does not cut the file: see truncate_to_position.
  static result<std::pair<std::unique_ptr<log_segment>, segment_scan_report>> open_and_scan(
      io::file_system& fs, const std::string& directory, offset base_offset,
      const log_config& config);

  offset base_offset() const { return _base_offset; }
  offset next_offset() const { return _next_offset; }
  uint64_t size_bytes() const { return _size_bytes; }
  bool empty() const { return _size_bytes == 0; }
  const io::file_ptr& file() const { return _file; }
  const std::string& directory() const { return _directory; }

  // True when appending `batch_size` bytes ending at `last_offset` fits this segment's limits
  // (segment.bytes, segment.index.bytes, 32-bit relative offsets). An empty segment accepts any
  // batch that its relative offsets can address.
  bool can_hold(uint64_t batch_size, offset last_offset) const;

  // Writes a batch whose offsets are already assigned at the end of the file. On a write error
  // the file is cut back to its previous size and nothing changes.
  status append(const model::record_batch_header& header, byte_span batch);

  // The position from which a scan for `target` starts (index lookup). Loads indexes if needed.
  result<uint64_t> scan_start_position(offset target);

  // The offset from which a scan for timestamp `target` starts, and the largest timestamp in the
  // segment (nullopt when it has no batches).
  result<offset> time_scan_start(int64_t target);
  result<std::optional<int64_t>> max_timestamp();

  // Removes batches at positions >= `position`, which must be a batch boundary ending at
  // `next_offset`. Used by recovery and suffix truncation.
  status truncate_to_position(uint64_t position, offset next_offset);

  // Makes the data durable, then writes and syncs both index files. A sealed segment stays
  // correct across crashes without being scanned again.
  status write_indexes_and_sync();

  // Replaces the file with a rewritten one (compaction) at the same path, then rebuilds the
  // indexes from it. `new_file` must already be durable and renamed into place.
  status replace_file(io::file_ptr new_file, uint64_t new_size);

  // Preallocation: the file is known to be zero-filled (and synced) up to this position, past
  // the batches. Appends below it overwrite allocated blocks, which fdatasync commits without a
  // journal commit (see io::file::prefill_zeros).
  uint64_t prefilled_end() const { return std::max(_prefilled_end, _size_bytes); }
  void set_prefilled_end(uint64_t end) { _prefilled_end = end; }

  // Cuts the file back to its batches, dropping preallocated zeros (before sealing or closing:
  // a sealed segment's file size is its size).
  status trim_to_size();

  status remove_files();
  // Removes only the .index and .timeindex files (they are rebuilt when missing).
  status remove_index_files();

  std::string log_path() const;

 private:
  log_segment(io::file_system& fs, std::string directory, offset base_offset, io::file_ptr file,
              const log_config& config);

  status ensure_indexes();
  // Scans the whole segment, checking CRCs, and rebuilds both indexes; the size becomes the end
  // of the last valid batch. Returns why the scan stopped early ("" when it did not).
  result<std::string> rebuild_indexes();
  // After loading stored indexes: the running maximum and the bytes since the last entry.
  void restore_running_state();
  void index_batch(const model::record_batch_header& header, uint64_t position);

  io::file_system& _fs;
  std::string _directory;
  offset _base_offset;
  io::file_ptr _file;
  const log_config& _config;
  uint64_t _size_bytes = 0;
  uint64_t _prefilled_end = 0;
  offset _next_offset;

  bool _indexes_loaded = false;
  offset_index _offset_index;
  time_index _time_index;
  uint64_t _bytes_since_index_entry = 0;
  int64_t _max_timestamp = -1;
  offset _offset_of_max_timestamp;
};

}  // namespace eventioz::storage
