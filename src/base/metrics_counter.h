// The two simplest metric kinds, lock-free: a counter (only goes up) and a gauge (up and down).
//
// Both are one relaxed atomic. Relaxed is enough: a scrape needs each value to be a value the
// metric really had, not an order between metrics, and on x86 a relaxed add is one `lock add`.
// Hot paths hold a pointer to the child (metrics_registry.h hands it out once) and never look
// anything up per event.
#pragma once

#include <atomic>
#include <cstdint>

namespace eventioz::metrics {

class counter {
 public:
  void increment(uint64_t by = 1) { _value.fetch_add(by, std::memory_order_relaxed); }
  uint64_t value() const { return _value.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> _value{0};
};

// A whole number that moves both ways (connections, subscribers). Values a scrape computes
// (memory, lag) are collected instead (metrics_registry.h, collectors).
class gauge {
 public:
  void increment(int64_t by = 1) { _value.fetch_add(by, std::memory_order_relaxed); }
  void decrement(int64_t by = 1) { _value.fetch_sub(by, std::memory_order_relaxed); }
  void set(int64_t value) { _value.store(value, std::memory_order_relaxed); }
  int64_t value() const { return _value.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> _value{0};
};

}  // namespace eventioz::metrics
