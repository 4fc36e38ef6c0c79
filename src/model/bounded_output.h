// The output buffer of a decompressor, which grows as the codec produces bytes but never past
// the caller's bound: a batch that claims to expand without limit ("zip bomb") is refused once
// it has produced one byte more than allowed, having allocated no more than that.
#pragma once

#include <cstddef>

#include "base/bytes.h"

namespace eventioz::model::detail {

// Owned by one decompression call; not thread-safe. Invariant: the buffer's size (and its
// capacity) never exceeds size_max + 1, and size() <= that.
class bounded_output {
 public:
  // `size_hint` is where the buffer starts (capped by the bound), typically a few times the
  // compressed size.
  bounded_output(size_t size_max, size_t size_hint);

  // Room to write into, after the bytes produced so far. Empty only when the output already
  // holds size_max + 1 bytes, that is, when exceeded() is true.
  mutable_byte_span writable();

  // Records that the codec wrote `count` bytes at the front of the last writable() span.
  void commit(size_t count);

  size_t size() const { return _size; }
  bool exceeded() const { return _size > _size_max; }

  // The bytes produced. REQUIRES: !exceeded().
  byte_buffer finish() &&;

 private:
  // The cap on the buffer: one byte past the bound is how a codec proves it was exceeded.
  size_t capacity_max() const;

  byte_buffer _buffer;  // size() is the allocated room; _size of it is used
  size_t _size = 0;
  size_t _size_max;
};

}  // namespace eventioz::model::detail
