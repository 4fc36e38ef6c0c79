#include "base/clock.h"

#include <chrono>

namespace eventioz {
namespace {

class real_time_clock final : public clock {
 public:
  int64_t now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

clock& system_clock() {
  static real_time_clock instance;
  return instance;
}

}  // namespace eventioz
