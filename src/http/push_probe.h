// How many push subscribers (SSE and WebSocket) are open, and the admission limit on them.
//
// METRICS HOOK (issue 5, slice C): the gauge eventioz_push_subscribers is
// `context.push.subscribers()`; this is the one place to connect it (read it at scrape time,
// or call the metrics registry from subscriber_opened/subscriber_closed).
//
// Thread-safe (atomics): sessions on every shard open and close subscribers.
#pragma once

#include <atomic>
#include <cstdint>

namespace eventioz::http {

class push_probe {
 public:
  // Counts a new subscriber unless `limit` are already open; false: refuse it (503).
  bool try_open_subscriber(int64_t limit) {
    int64_t open = _subscribers.load();
    while (open < limit) {
      if (_subscribers.compare_exchange_weak(open, open + 1)) return true;
    }
    return false;
  }
  void subscriber_closed() { _subscribers.fetch_sub(1); }

  int64_t subscribers() const { return _subscribers.load(); }

 private:
  std::atomic<int64_t> _subscribers{0};
};

}  // namespace eventioz::http
