// A histogram with fixed bucket bounds, lock-free: one atomic count per bucket, plus the count
// and the sum of every observation (Prometheus' histogram type).
//
// observe() finds the bucket by a linear scan of a dozen bounds (branch-predictable, faster
// than a binary search at this size) and does three relaxed atomic adds: a few nanoseconds.
// Buckets hold counts per bucket (not cumulative); the text writer accumulates them at scrape
// time. A scrape reads the atomics one after another, so a concurrent observe may show in the
// count and not yet in a bucket: Prometheus tolerates that, and the writer keeps the
// cumulative buckets monotone regardless.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace eventioz::metrics {

// Bounds for latencies in seconds: 50 µs to 10 s, roughly ×2.5 apart.
std::span<const double> latency_buckets_seconds();

class histogram {
 public:
  // REQUIRES: `upper_bounds` strictly increasing, finite (+Inf is implicit).
  explicit histogram(std::span<const double> upper_bounds);

  void observe(double value) {
    size_t index = 0;
    while (index < _bounds.size() && value > _bounds[index]) ++index;
    _buckets[index].fetch_add(1, std::memory_order_relaxed);
    _count.fetch_add(1, std::memory_order_relaxed);
    _sum.fetch_add(value, std::memory_order_relaxed);
  }
  // Observes a duration in seconds.
  void observe(std::chrono::steady_clock::duration elapsed) {
    observe(std::chrono::duration<double>(elapsed).count());
  }

  std::span<const double> upper_bounds() const { return _bounds; }
  // Observations per bucket (index bounds.size() is the +Inf bucket), not cumulative.
  std::vector<uint64_t> bucket_counts() const;
  uint64_t count() const { return _count.load(std::memory_order_relaxed); }
  double sum() const { return _sum.load(std::memory_order_relaxed); }

 private:
  std::vector<double> _bounds;
  std::unique_ptr<std::atomic<uint64_t>[]> _buckets;  // bounds.size() + 1
  std::atomic<uint64_t> _count{0};
  std::atomic<double> _sum{0};
};

}  // namespace eventioz::metrics
