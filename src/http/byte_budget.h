// Bytes that all HTTP connections together may hold for request bodies (design §4: memory for
// requests is reserved before they are read, which gives back-pressure). A body that does not
// fit is refused with 503 and Retry-After instead of being read.
//
// Thread-safe (one atomic): connections on every shard reserve and release.
#pragma once

#include <atomic>
#include <cstdint>

namespace eventioz::http {

class byte_budget {
 public:
  explicit byte_budget(uint64_t capacity_bytes) : _capacity_bytes(capacity_bytes) {}

  // Takes `bytes` when they fit in what is left; false (and nothing taken) otherwise.
  bool try_reserve(uint64_t bytes) {
    uint64_t used = _used_bytes.load();
    while (used + bytes <= _capacity_bytes) {
      if (_used_bytes.compare_exchange_weak(used, used + bytes)) return true;
    }
    return false;
  }
  // REQUIRES: `bytes` were reserved.
  void release(uint64_t bytes) { _used_bytes.fetch_sub(bytes); }

  uint64_t used_bytes() const { return _used_bytes.load(); }
  uint64_t capacity_bytes() const { return _capacity_bytes; }

 private:
  const uint64_t _capacity_bytes;
  std::atomic<uint64_t> _used_bytes{0};
};

}  // namespace eventioz::http
