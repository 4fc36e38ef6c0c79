// What the store benchmarks share: the store they write to, created when missing.
#pragma once

#include <cstdint>

#include "app/bench_command.h"

namespace eventioz::app {

// Creates flags.store (with this snapshot interval) unless it exists; errors are printed.
bool ensure_bench_store(const bench_store_flags& flags, int64_t snapshot_interval);

}  // namespace eventioz::app
