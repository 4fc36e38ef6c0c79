#include "io/file_contents.h"

#include <algorithm>
#include <cstring>

namespace eventioz::io::detail {

void file_contents::mark_dirty(uint64_t begin, uint64_t end) {
  if (begin >= end) return;
  if (_dirty_begin == _dirty_end) {
    _dirty_begin = begin;
    _dirty_end = end;
    return;
  }
  _dirty_begin = std::min(_dirty_begin, begin);
  _dirty_end = std::max(_dirty_end, end);
}

void file_contents::write(uint64_t position, byte_span data) {
  if (data.empty()) return;
  uint64_t end = position + data.size();
  uint64_t old_size = _current.size();
  if (end > old_size) _current.resize(end);  // Zero-fills any hole before `position`.
  std::memcpy(_current.data() + position, data.data(), data.size());
  mark_dirty(std::min(position, old_size), end);
}

void file_contents::write_zeros(uint64_t position, uint64_t length) {
  if (length == 0) return;
  uint64_t end = position + length;
  uint64_t old_size = _current.size();
  if (position < old_size) {  // Bytes past the old end are zero already, from the resize.
    std::fill(_current.begin() + static_cast<ptrdiff_t>(position),
              _current.begin() + static_cast<ptrdiff_t>(std::min(end, old_size)), 0);
  }
  if (end > old_size) _current.resize(end);
  mark_dirty(std::min(position, old_size), end);
}

void file_contents::resize(uint64_t size_bytes) {
  uint64_t old_size = _current.size();
  _current.resize(size_bytes);
  // Growing exposes zeros that the durable bytes may not have; shrinking needs no mark because
  // sync() and crashes compare sizes anyway.
  mark_dirty(old_size, size_bytes);
}

size_t file_contents::read(uint64_t position, mutable_byte_span out) const {
  if (position >= _current.size()) return 0;
  size_t count = static_cast<size_t>(std::min<uint64_t>(out.size(), _current.size() - position));
  std::memcpy(out.data(), _current.data() + position, count);
  return count;
}

void file_contents::sync() {
  _durable.resize(_current.size());
  uint64_t end = std::min<uint64_t>(_dirty_end, _current.size());
  if (_dirty_begin < end) {
    std::memcpy(_durable.data() + _dirty_begin, _current.data() + _dirty_begin, end - _dirty_begin);
  }
  _dirty_begin = _dirty_end = 0;
}

bool file_contents::has_unsynced_changes() const {
  return _dirty_begin != _dirty_end || _current.size() != _durable.size();
}

byte_buffer file_contents::take_after_crash(const crash_options& options, std::mt19937_64& random) {
  if (!has_unsynced_changes()) return std::move(_durable);
  // Bytes before the dirty range are equal by the class invariant; search from there.
  uint64_t common = std::min(_current.size(), _durable.size());
  uint64_t from = _dirty_begin == _dirty_end ? common : std::min(_dirty_begin, common);
  auto [differs, unused] = std::mismatch(_current.begin() + static_cast<ptrdiff_t>(from),
                                         _current.begin() + static_cast<ptrdiff_t>(common),
                                         _durable.begin() + static_cast<ptrdiff_t>(from));
  (void)unused;
  uint64_t first_difference = static_cast<uint64_t>(differs - _current.begin());
  if (first_difference == common && _current.size() == _durable.size()) {
    return std::move(_durable);  // Rewritten with the same bytes: nothing to lose.
  }
  if (random_chance(random, options.keep_unsynced_probability)) return std::move(_current);
  if (!options.tear_last_write) return std::move(_durable);

  // The disk wrote the unsynced bytes in file order and stopped at `cut`.
  uint64_t unsynced_tail = _current.size() - first_difference;
  uint64_t cut = first_difference + random_below(random, unsynced_tail + 1);
  byte_buffer torn = std::move(_durable);
  if (torn.size() < cut) torn.resize(cut);
  std::copy(_current.begin() + static_cast<ptrdiff_t>(first_difference),
            _current.begin() + static_cast<ptrdiff_t>(cut),
            torn.begin() + static_cast<ptrdiff_t>(first_difference));
  if (options.garble_torn_tail && cut > first_difference) {
    uint64_t garbled = 1 + random_below(random, std::min<uint64_t>(8, cut - first_difference));
    for (uint64_t at = cut - garbled; at < cut; ++at) {
      torn[at] ^= static_cast<uint8_t>(1 + random_below(random, 255));  // Never xor with 0.
    }
  }
  return torn;
}

file_contents file_contents::durable_file(byte_buffer bytes) {
  file_contents contents;
  contents._durable = bytes;
  contents._current = std::move(bytes);
  return contents;
}

uint64_t random_below(std::mt19937_64& random, uint64_t bound) {
  // The modulo bias is below 2^-40 for the bounds used here (file sizes), which is irrelevant
  // to a test.
  return bound == 0 ? 0 : random() % bound;
}

bool random_chance(std::mt19937_64& random, double probability) {
  if (probability <= 0.0) return false;
  if (probability >= 1.0) return true;
  double uniform = static_cast<double>(random() >> 11) * 0x1.0p-53;  // [0, 1), 53 bits.
  return uniform < probability;
}

}  // namespace eventioz::io::detail
