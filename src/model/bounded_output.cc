// Growth policy of bounded_output: doubling, capped exactly at the bound plus one byte.
#include "model/bounded_output.h"

#include <algorithm>
#include <limits>

#include "base/assert.h"

namespace eventioz::model::detail {
namespace {

// Small batches are common; starting tiny would mean many reallocations for the rest.
constexpr size_t initial_size_min = 4096;

}  // namespace

bounded_output::bounded_output(size_t size_max, size_t size_hint) : _size_max(size_max) {
  size_t initial = std::min(std::max(size_hint, initial_size_min), capacity_max());
  // reserve() before resize(): resize alone may round the capacity up past the bound.
  _buffer.reserve(initial);
  _buffer.resize(initial);
}

size_t bounded_output::capacity_max() const {
  if (_size_max == std::numeric_limits<size_t>::max()) return _size_max;
  return _size_max + 1;
}

mutable_byte_span bounded_output::writable() {
  if (_size == _buffer.size()) {
    size_t cap = capacity_max();
    if (_buffer.size() >= cap) return {};
    size_t grown = _buffer.size() > cap / 2 ? cap : std::max(_buffer.size() * 2, initial_size_min);
    grown = std::min(grown, cap);
    _buffer.reserve(grown);
    _buffer.resize(grown);
  }
  return mutable_byte_span(_buffer.data() + _size, _buffer.size() - _size);
}

void bounded_output::commit(size_t count) {
  EVENTIOZ_ASSERT(count <= _buffer.size() - _size, "committed {} bytes with {} writable", count,
                  _buffer.size() - _size);
  _size += count;
}

byte_buffer bounded_output::finish() && {
  EVENTIOZ_ASSERT(!exceeded(), "finish() of an output past its bound of {} bytes", _size_max);
  _buffer.resize(_size);
  return std::move(_buffer);
}

}  // namespace eventioz::model::detail
