// Bounds the bytes of requests a shard holds at once: received and not yet answered.
//
// A connection reserves a request's size before reading its body. When the budget is spent
// the connection stops reading, so TCP back-pressure slows the client down instead of the
// broker running out of memory. Waiters are served in arrival order; a request larger than
// the whole budget is granted once nothing else is reserved, so it cannot starve.
//
// Thread-safe: memory is released by whichever thread finishes a request. `granted` callbacks
// run on the releasing thread and must only post work.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

namespace eventioz::kafka {

class memory_budget {
 public:
  explicit memory_budget(uint64_t capacity_bytes) : _capacity_bytes(capacity_bytes) {}

  // Calls `granted` now if the bytes are available, otherwise when enough are released.
  void reserve(uint64_t bytes, std::function<void()> granted);
  void release(uint64_t bytes);

  uint64_t reserved_bytes() const;
  uint64_t capacity_bytes() const { return _capacity_bytes; }

 private:
  bool fits_locked(uint64_t bytes) const;

  struct waiter {
    uint64_t bytes;
    std::function<void()> granted;
  };

  const uint64_t _capacity_bytes;
  mutable std::mutex _mutex;
  uint64_t _reserved_bytes = 0;
  std::deque<waiter> _waiters;
};

}  // namespace eventioz::kafka
