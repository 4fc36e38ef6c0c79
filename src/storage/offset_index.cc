#include "storage/offset_index.h"

#include <algorithm>

#include "base/assert.h"
#include "storage/errc.h"

namespace eventioz::storage {

void offset_index::append(offset batch_base_offset, uint32_t position) {
  int64_t relative = batch_base_offset - _base_offset;
  EVENTIOZ_ASSERT(relative >= 0 && relative <= UINT32_MAX, "offset {} outside segment {}",
                  batch_base_offset, _base_offset);
  if (!_entries.empty()) {
    EVENTIOZ_ASSERT(
        relative > _entries.back().relative_offset && position > _entries.back().position,
        "index entries must increase: {}@{} after {}@{}", relative, position,
        _entries.back().relative_offset, _entries.back().position);
  }
  _entries.push_back({static_cast<uint32_t>(relative), position});
}

uint32_t offset_index::floor_position(offset target) const {
  int64_t relative = target - _base_offset;
  if (relative < 0 || _entries.empty()) return 0;
  auto after = std::upper_bound(_entries.begin(), _entries.end(), relative,
                                [](int64_t value, const entry& e) {
                                  return value < static_cast<int64_t>(e.relative_offset);
                                });
  if (after == _entries.begin()) return 0;
  return std::prev(after)->position;
}

void offset_index::truncate_from(offset end) {
  int64_t relative = end - _base_offset;
  auto first_dropped = std::find_if(_entries.begin(), _entries.end(), [&](const entry& e) {
    return static_cast<int64_t>(e.relative_offset) >= relative;
  });
  _entries.erase(first_dropped, _entries.end());
}

byte_buffer offset_index::serialize() const {
  byte_buffer out;
  out.reserve(size_bytes());
  for (const entry& e : _entries) {
    append_big_endian(out, e.relative_offset);
    append_big_endian(out, e.position);
  }
  return out;
}

result<offset_index> offset_index::parse(offset base_offset, byte_span stored,
                                         uint64_t segment_size) {
  auto corrupt = [&](std::string_view why) {
    return error(errc::corrupt_data,
                 fmt::format("offset index of segment {}: {}", base_offset, why));
  };
  if (stored.size() % entry_size != 0) return corrupt("size is not a whole number of entries");
  offset_index index(base_offset);
  index._entries.reserve(stored.size() / entry_size);
  for (size_t at = 0; at < stored.size(); at += entry_size) {
    entry e{read_big_endian<uint32_t>(stored.data() + at),
            read_big_endian<uint32_t>(stored.data() + at + 4)};
    if (e.position >= segment_size) return corrupt("an entry points past the segment's end");
    if (!index._entries.empty() && (e.relative_offset <= index._entries.back().relative_offset ||
                                    e.position <= index._entries.back().position)) {
      return corrupt("entries are not increasing");
    }
    index._entries.push_back(e);
  }
  return index;
}

}  // namespace eventioz::storage
