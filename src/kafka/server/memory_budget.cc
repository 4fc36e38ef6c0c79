// First-come, first-served reservations of request memory.
#include "kafka/server/memory_budget.h"

#include <vector>

#include "base/assert.h"

namespace eventioz::kafka {

bool memory_budget::fits_locked(uint64_t bytes) const {
  return _reserved_bytes == 0 || _reserved_bytes + bytes <= _capacity_bytes;
}

void memory_budget::reserve(uint64_t bytes, std::function<void()> granted) {
  {
    std::lock_guard lock(_mutex);
    if (!_waiters.empty() || !fits_locked(bytes)) {
      _waiters.push_back({bytes, std::move(granted)});
      return;
    }
    _reserved_bytes += bytes;
  }
  granted();
}

void memory_budget::release(uint64_t bytes) {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(_mutex);
    EVENTIOZ_ASSERT(bytes <= _reserved_bytes, "releasing {} bytes of {} reserved", bytes,
                    _reserved_bytes);
    _reserved_bytes -= bytes;
    while (!_waiters.empty() && fits_locked(_waiters.front().bytes)) {
      _reserved_bytes += _waiters.front().bytes;
      ready.push_back(std::move(_waiters.front().granted));
      _waiters.pop_front();
    }
  }
  for (auto& granted : ready) granted();
}

uint64_t memory_budget::reserved_bytes() const {
  std::lock_guard lock(_mutex);
  return _reserved_bytes;
}

}  // namespace eventioz::kafka
