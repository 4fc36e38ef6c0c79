// How many push subscribers (SSE and WebSocket) are open, and the admission limit on them.
// The count is also the gauge eventioz_push_subscribers (http_probe.h). And the bytes of
// rendered events all subscribers hold (http.push_buffer_bytes_max bounds them).
//
// Thread-safe (atomics): sessions on every shard open and close subscribers.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "http/http_probe.h"

namespace eventioz::http {

class push_probe {
 public:
  // Counts a new subscriber unless `limit` are already open; false: refuse it (503).
  bool try_open_subscriber(int64_t limit) {
    int64_t open = _subscribers.load();
    while (open < limit) {
      if (_subscribers.compare_exchange_weak(open, open + 1)) {
        push_subscribers_gauge().increment();
        return true;
      }
    }
    return false;
  }
  void subscriber_closed() {
    _subscribers.fetch_sub(1);
    push_subscribers_gauge().decrement();
  }

  int64_t subscribers() const { return _subscribers.load(); }

  // Reserves push buffer bytes: as many as are left under `limit`, at most `most`; 0 (nothing
  // reserved) when fewer than `least` are left.
  uint64_t try_reserve_buffer(uint64_t most, uint64_t least, uint64_t limit) {
    uint64_t used = _buffer_bytes.load();
    while (used + least <= limit) {
      uint64_t grant = std::min(most, limit - used);
      if (_buffer_bytes.compare_exchange_weak(used, used + grant)) {
        push_buffer_bytes_gauge().increment(static_cast<int64_t>(grant));
        return grant;
      }
    }
    return 0;
  }
  // Accounts bytes already held beyond a reservation (a chunk's last batch), whatever the limit.
  void reserve_buffer_anyway(uint64_t bytes) {
    _buffer_bytes.fetch_add(bytes);
    push_buffer_bytes_gauge().increment(static_cast<int64_t>(bytes));
  }
  void release_buffer(uint64_t bytes) {
    _buffer_bytes.fetch_sub(bytes);
    push_buffer_bytes_gauge().decrement(static_cast<int64_t>(bytes));
  }
  uint64_t buffer_bytes() const { return _buffer_bytes.load(); }

 private:
  std::atomic<int64_t> _subscribers{0};
  std::atomic<uint64_t> _buffer_bytes{0};
};

}  // namespace eventioz::http
