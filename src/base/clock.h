// Wall-clock time in milliseconds behind an interface, so that time-based behaviour (segment
// rolling, retention) is tested with a clock the test moves.
#pragma once

#include <atomic>
#include <cstdint>

namespace eventioz {

class clock {
 public:
  virtual ~clock() = default;
  // Milliseconds since the Unix epoch, as Kafka timestamps are.
  virtual int64_t now_ms() const = 0;
};

// The system's real-time clock. Thread-safe; lives for the whole process.
clock& system_clock();

// A clock that moves only when told to. Thread-safe.
class manual_clock final : public clock {
 public:
  explicit manual_clock(int64_t start_ms) : _now_ms(start_ms) {}
  int64_t now_ms() const override { return _now_ms.load(); }
  void advance_ms(int64_t delta_ms) { _now_ms += delta_ms; }
  void set_ms(int64_t now_ms) { _now_ms = now_ms; }

 private:
  std::atomic<int64_t> _now_ms;
};

}  // namespace eventioz
