// The sparse time index of one segment: the largest timestamp seen so far -> the offset of the
// batch that carried it. Answers "where do records at or after time T start" (ListOffsets by
// timestamp, consume from a time) and tells retention how old a segment is.
//
// On-disk format (do not change):
//   timeindex = entry*
//   entry     = timestamp:int64 relative_offset:uint32   (big-endian, 12 bytes)
// Entries are strictly increasing in timestamp and non-decreasing in offset. Written and
// trusted like the offset index (see offset_index.h).
//
// Not thread-safe: the owning segment serializes access.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "base/strong_id.h"

namespace eventioz::storage {

class time_index {
 public:
  struct entry {
    int64_t timestamp;
    uint32_t relative_offset;
  };
  static constexpr size_t entry_size = 12;

  explicit time_index(offset base_offset) : _base_offset(base_offset) {}

  // Records that the batch at `batch_offset` carried `max_timestamp`. Only a new maximum makes
  // an entry. REQUIRES: batch_offset not below the last entry's.
  void observe(int64_t max_timestamp, offset batch_offset);

  // The offset from which a scan for the first record with timestamp >= `target` must start:
  // every batch before it has a smaller timestamp. The segment's base when nothing is known.
  offset scan_start_for(int64_t target) const;

  // The largest timestamp indexed, or nullopt when empty.
  std::optional<int64_t> max_timestamp() const;

  void truncate_from(offset end);

  size_t size_bytes() const { return _entries.size() * entry_size; }
  const std::vector<entry>& entries() const { return _entries; }

  byte_buffer serialize() const;

  // Parses a stored index; malformed content is errc::corrupt_data.
  static result<time_index> parse(offset base_offset, byte_span stored);

 private:
  offset _base_offset;
  std::vector<entry> _entries;
};

}  // namespace eventioz::storage
