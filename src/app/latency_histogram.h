// Latencies for `eventioz bench`: counts in log-linear buckets, so memory stays fixed however
// long a benchmark runs, with percentiles accurate to under 1% of the value (64 buckets per
// power of two) and exact below 128 µs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace eventioz::app {

// One per thread; merge() combines them. Not thread-safe.
class latency_histogram {
 public:
  void record(uint64_t microseconds);
  void merge(const latency_histogram& other);

  uint64_t count() const { return _count; }
  uint64_t max() const { return _max; }
  double mean() const { return _count == 0 ? 0.0 : static_cast<double>(_sum) / _count; }

  // The smallest bucket bound with at least `quantile` (0..1) of the samples at or below it;
  // 0 when empty.
  uint64_t percentile(double quantile) const;

 private:
  static constexpr int exact_below_bits = 7;  // values < 128 have their own bucket
  static constexpr int sub_bucket_bits = 6;   // then 64 buckets per power of two
  static constexpr size_t bucket_count = (1 << exact_below_bits) + 64 * (1 << sub_bucket_bits);

  static size_t bucket_of(uint64_t value);
  static uint64_t upper_bound_of(size_t bucket);

  std::array<uint64_t, bucket_count> _buckets{};
  uint64_t _count = 0;
  uint64_t _sum = 0;
  uint64_t _max = 0;
};

}  // namespace eventioz::app
