#include "base/metrics_histogram.h"

#include <cmath>

#include "base/assert.h"

namespace eventioz::metrics {

std::span<const double> latency_buckets_seconds() {
  static constexpr double bounds[] = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                      0.005,   0.01,   0.025,   0.05,   0.1,   0.25,
                                      0.5,     1,      2.5,     5,      10};
  return bounds;
}

histogram::histogram(std::span<const double> upper_bounds)
    : _bounds(upper_bounds.begin(), upper_bounds.end()),
      _buckets(new std::atomic<uint64_t>[upper_bounds.size() + 1]) {
  for (size_t index = 0; index < _bounds.size(); ++index) {
    EVENTIOZ_ASSERT(std::isfinite(_bounds[index]), "histogram bound {} is not finite",
                    _bounds[index]);
    EVENTIOZ_ASSERT(index == 0 || _bounds[index - 1] < _bounds[index],
                    "histogram bounds must increase ({} then {})", _bounds[index - 1],
                    _bounds[index]);
  }
  for (size_t index = 0; index <= _bounds.size(); ++index) _buckets[index].store(0);
}

std::vector<uint64_t> histogram::bucket_counts() const {
  std::vector<uint64_t> counts(_bounds.size() + 1);
  for (size_t index = 0; index < counts.size(); ++index) {
    counts[index] = _buckets[index].load(std::memory_order_relaxed);
  }
  return counts;
}

}  // namespace eventioz::metrics
