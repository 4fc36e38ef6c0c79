// The k-way merge of consume answers: a binary min-heap of the sources' next timestamps.
#include "http/record_merge.h"

#include <algorithm>

namespace eventioz::http {
namespace {

// std::*_heap build max-heaps: "a after b" puts the smallest (timestamp, source) on top.
struct goes_after {
  template <class Head>
  bool operator()(const Head& a, const Head& b) const {
    if (a.timestamp != b.timestamp) return a.timestamp > b.timestamp;
    return a.source > b.source;
  }
};

}  // namespace

void timestamp_merge::offer(size_t source, int64_t timestamp) {
  _heads.push_back({timestamp, source});
  std::push_heap(_heads.begin(), _heads.end(), goes_after{});
}

std::optional<size_t> timestamp_merge::take() {
  if (_heads.empty()) return std::nullopt;
  std::pop_heap(_heads.begin(), _heads.end(), goes_after{});
  size_t source = _heads.back().source;
  _heads.pop_back();
  return source;
}

}  // namespace eventioz::http
