#include "base/assert.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>

namespace eventioz::detail {

void assertion_failed(const char* condition, const char* file, int line,
                      const std::string& message) {
  // stderr first: the logger itself may be what is broken.
  std::fprintf(stderr, "assertion failed at %s:%d: %s: %s\n", file, line, condition,
               message.c_str());
  spdlog::critical("assertion failed at {}:{}: {}: {}", file, line, condition, message);
  spdlog::shutdown();
  std::abort();
}

}  // namespace eventioz::detail
