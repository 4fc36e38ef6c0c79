// Always-on assertions: a broken invariant is a bug, and continuing would risk the data, so the
// process logs what broke and where, then aborts. They stay on in Release builds (TigerBeetle's
// habit); keep the condition cheap on hot paths.
#pragma once

#include <fmt/format.h>

#include <string>

namespace eventioz::detail {

[[noreturn]] void assertion_failed(const char* condition, const char* file, int line,
                                   const std::string& message);

}  // namespace eventioz::detail

#define EVENTIOZ_ASSERT(condition, ...)                                    \
  do {                                                                     \
    if (__builtin_expect(!(condition), 0)) {                               \
      ::eventioz::detail::assertion_failed(#condition, __FILE__, __LINE__, \
                                           ::fmt::format(__VA_ARGS__));    \
    }                                                                      \
  } while (false)

// Marks a branch that must never run.
#define EVENTIOZ_UNREACHABLE(...)                                         \
  ::eventioz::detail::assertion_failed("unreachable", __FILE__, __LINE__, \
                                       ::fmt::format(__VA_ARGS__))
