// The sparse offset index of one segment: relative offset -> file position of the batch that
// starts there, one entry every index.interval.bytes. Lets a read find its starting batch with a
// binary search and a short scan instead of reading the segment from the top.
//
// On-disk format (do not change):
//   index = entry*
//   entry = relative_offset:uint32 position:uint32      (big-endian, 8 bytes)
// Entries are strictly increasing in both fields. The file is written whole when a segment is
// sealed or the log is closed cleanly; the active segment's index after a crash is rebuilt by
// scanning the segment, so it is never trusted unless the shutdown was clean.
//
// Not thread-safe: the owning segment serializes access.
#pragma once

#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "base/strong_id.h"

namespace eventioz::storage {

class offset_index {
 public:
  struct entry {
    uint32_t relative_offset;
    uint32_t position;
  };
  static constexpr size_t entry_size = 8;

  explicit offset_index(offset base_offset) : _base_offset(base_offset) {}

  // Adds an entry. REQUIRES: offset and position above the last entry's.
  void append(offset batch_base_offset, uint32_t position);

  // The position of the last indexed batch starting at or below `target` (0 when none): a read
  // for `target` scans forward from there.
  uint32_t floor_position(offset target) const;

  // Drops entries for offsets >= `end` (suffix truncation, recovery).
  void truncate_from(offset end);

  size_t size_bytes() const { return _entries.size() * entry_size; }
  bool empty() const { return _entries.empty(); }
  const std::vector<entry>& entries() const { return _entries; }

  byte_buffer serialize() const;

  // Parses a stored index, checking that it is well formed for a segment of `segment_size`
  // bytes: whole entries, strictly increasing, positions inside the segment. Any violation is
  // errc::corrupt_data (the caller rebuilds the index by scanning the segment).
  static result<offset_index> parse(offset base_offset, byte_span stored, uint64_t segment_size);

 private:
  offset _base_offset;
  std::vector<entry> _entries;
};

}  // namespace eventioz::storage
