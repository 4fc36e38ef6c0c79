// What recording a metric costs on a hot path: a counter add, a histogram observe, and the
// two clock reads a latency needs. (Figures in docs/benchmarks.md, "HTTP: /metrics scrape".)
#include <benchmark/benchmark.h>

#include <chrono>

#include "base/metrics_registry.h"

namespace eventioz::metrics {
namespace {

void counter_increment(benchmark::State& state) {
  static counter shared;
  for (auto _ : state) shared.increment();
  benchmark::DoNotOptimize(shared.value());
}
BENCHMARK(counter_increment)->Threads(1)->Threads(2);

void histogram_observe(benchmark::State& state) {
  static histogram shared(latency_buckets_seconds());
  double value = 0.0003;
  for (auto _ : state) {
    shared.observe(value);
    value = value < 1 ? value * 1.7 : 0.0003;  // across the buckets
  }
  benchmark::DoNotOptimize(shared.count());
}
BENCHMARK(histogram_observe)->Threads(1)->Threads(2);

void timed_observe(benchmark::State& state) {
  static histogram shared(latency_buckets_seconds());
  for (auto _ : state) {
    auto started = std::chrono::steady_clock::now();
    shared.observe(std::chrono::steady_clock::now() - started);
  }
  benchmark::DoNotOptimize(shared.count());
}
BENCHMARK(timed_observe);

}  // namespace
}  // namespace eventioz::metrics

BENCHMARK_MAIN();
