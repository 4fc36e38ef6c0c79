// How many push subscribers (SSE and WebSocket) are open, and the admission limit on them.
// The count is also the gauge eventioz_push_subscribers (http_probe.h).
//
// Thread-safe (atomics): sessions on every shard open and close subscribers.
#pragma once

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

 private:
  std::atomic<int64_t> _subscribers{0};
};

}  // namespace eventioz::http
