#include "storage/time_index.h"

#include <algorithm>

#include "base/assert.h"
#include "storage/errc.h"

namespace eventioz::storage {

void time_index::observe(int64_t max_timestamp, offset batch_offset) {
  int64_t relative = batch_offset - _base_offset;
  EVENTIOZ_ASSERT(relative >= 0 && relative <= UINT32_MAX, "offset {} outside segment {}",
                  batch_offset, _base_offset);
  if (!_entries.empty()) {
    if (max_timestamp <= _entries.back().timestamp) return;
    EVENTIOZ_ASSERT(relative >= _entries.back().relative_offset, "time index offsets go back");
  }
  _entries.push_back({max_timestamp, static_cast<uint32_t>(relative)});
}

offset time_index::scan_start_for(int64_t target) const {
  // The last entry with a timestamp below the target: everything before its offset is older
  // still (entries record running maxima), and its own batch may hold the target.
  auto first_not_below =
      std::lower_bound(_entries.begin(), _entries.end(), target,
                       [](const entry& e, int64_t value) { return e.timestamp < value; });
  if (first_not_below == _entries.begin()) return _base_offset;
  return _base_offset + std::prev(first_not_below)->relative_offset;
}

std::optional<int64_t> time_index::max_timestamp() const {
  if (_entries.empty()) return std::nullopt;
  return _entries.back().timestamp;
}

void time_index::truncate_from(offset end) {
  int64_t relative = end - _base_offset;
  auto first_dropped = std::find_if(_entries.begin(), _entries.end(), [&](const entry& e) {
    return static_cast<int64_t>(e.relative_offset) >= relative;
  });
  _entries.erase(first_dropped, _entries.end());
}

byte_buffer time_index::serialize() const {
  byte_buffer out;
  out.reserve(size_bytes());
  for (const entry& e : _entries) {
    append_big_endian(out, e.timestamp);
    append_big_endian(out, e.relative_offset);
  }
  return out;
}

result<time_index> time_index::parse(offset base_offset, byte_span stored) {
  if (stored.size() % entry_size != 0) {
    return error(errc::corrupt_data,
                 fmt::format("time index of segment {}: size is not a whole number of entries",
                             base_offset));
  }
  time_index index(base_offset);
  for (size_t at = 0; at < stored.size(); at += entry_size) {
    entry e{read_big_endian<int64_t>(stored.data() + at),
            read_big_endian<uint32_t>(stored.data() + at + 8)};
    if (!index._entries.empty() && (e.timestamp <= index._entries.back().timestamp ||
                                    e.relative_offset < index._entries.back().relative_offset)) {
      return error(
          errc::corrupt_data,
          fmt::format("time index of segment {}: entries are not increasing", base_offset));
    }
    index._entries.push_back(e);
  }
  return index;
}

}  // namespace eventioz::storage
