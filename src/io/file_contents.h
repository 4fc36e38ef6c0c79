// The bytes of one file of the fault-injecting file system: what reads see now, what a crash
// would leave, and what a crash does leave given crash_options.
#pragma once

#include <cstdint>
#include <random>

#include "base/bytes.h"
#include "io/fault_controls.h"

namespace eventioz::io::detail {

// Not thread-safe: the fault engine's lock guards it.
//
// Invariant: current and durable differ only inside [_dirty_begin, _dirty_end) or beyond the
// shorter of the two, so sync() and the crash copy only what changed, not whole files (crash
// tests sync thousands of times).
class file_contents {
 public:
  const byte_buffer& current() const { return _current; }
  uint64_t size() const { return _current.size(); }

  // Zero-fills a hole when `position` is past the end, as a real file would read. Writing
  // nothing changes nothing, as with pwrite(2).
  void write(uint64_t position, byte_span data);
  void write_zeros(uint64_t position, uint64_t length);
  void resize(uint64_t size_bytes);

  // Reads up to out.size() bytes at `position`; returns how many (fewer at the end).
  size_t read(uint64_t position, mutable_byte_span out) const;

  // Makes the current bytes durable.
  void sync();
  bool has_unsynced_changes() const;

  // What the disk holds after a power loss (see crash_options), consuming *this. Consumes
  // random numbers only when there are unsynced changes, so results depend on the seed and
  // on which files are dirty, not on the order of unrelated events.
  byte_buffer take_after_crash(const crash_options& options, std::mt19937_64& random);

  // A file whose current and durable bytes are both `bytes` (a file found after a crash).
  static file_contents durable_file(byte_buffer bytes);

 private:
  void mark_dirty(uint64_t begin, uint64_t end);

  byte_buffer _current;
  byte_buffer _durable;
  uint64_t _dirty_begin = 0;
  uint64_t _dirty_end = 0;  // _dirty_begin == _dirty_end: nothing written since sync().
};

// A uniformly chosen integer in [0, bound); 0 when bound is 0. Written out rather than
// std::uniform_int_distribution, whose results differ between standard libraries, so a seed
// reproduces a crash on any toolchain.
uint64_t random_below(std::mt19937_64& random, uint64_t bound);

// True with the given probability.
bool random_chance(std::mt19937_64& random, double probability);

}  // namespace eventioz::io::detail
