#include "app/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace eventioz::app {

// Values below 2^7 map to themselves. Above, a value with its highest bit at position p
// (p >= 7) keeps its top 7 bits: shift = p - 6, sub = value >> shift in [64, 128), and the
// bucket is 128 + (shift - 1) * 64 + (sub - 64).
size_t latency_histogram::bucket_of(uint64_t value) {
  constexpr uint64_t exact_limit = uint64_t{1} << exact_below_bits;
  if (value < exact_limit) return static_cast<size_t>(value);
  int highest_bit = std::bit_width(value) - 1;
  int shift = highest_bit - sub_bucket_bits;
  uint64_t sub = value >> shift;
  return static_cast<size_t>(exact_limit + (shift - 1) * 64 + (sub - 64));
}

uint64_t latency_histogram::upper_bound_of(size_t bucket) {
  constexpr size_t exact_limit = size_t{1} << exact_below_bits;
  if (bucket < exact_limit) return bucket;
  size_t shift = (bucket - exact_limit) / 64 + 1;
  uint64_t sub = (bucket - exact_limit) % 64 + 64;
  return ((sub + 1) << shift) - 1;
}

void latency_histogram::record(uint64_t microseconds) {
  ++_buckets[std::min(bucket_of(microseconds), bucket_count - 1)];
  ++_count;
  _sum += microseconds;
  _max = std::max(_max, microseconds);
}

void latency_histogram::merge(const latency_histogram& other) {
  for (size_t i = 0; i < bucket_count; ++i) _buckets[i] += other._buckets[i];
  _count += other._count;
  _sum += other._sum;
  _max = std::max(_max, other._max);
}

uint64_t latency_histogram::percentile(double quantile) const {
  if (_count == 0) return 0;
  auto rank = static_cast<uint64_t>(std::ceil(std::clamp(quantile, 0.0, 1.0) * _count));
  rank = std::max<uint64_t>(rank, 1);
  uint64_t seen = 0;
  for (size_t i = 0; i < bucket_count; ++i) {
    seen += _buckets[i];
    if (seen >= rank) return std::min(upper_bound_of(i), _max);
  }
  return _max;
}

}  // namespace eventioz::app
