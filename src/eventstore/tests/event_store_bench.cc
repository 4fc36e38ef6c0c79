// The event store's reads in process, without HTTP (issue 6's read targets; HTTP figures come
// from `eventioz bench store-read`, both in docs/benchmarks.md): a whole 10,000-event stream,
// whose events are interleaved with 99 other streams' in the log, and the state as of a random
// version with a snapshot every 100 versions (after one fold has written the snapshots).
#include <benchmark/benchmark.h>

#include <random>

#include "eventstore/tests/store_fixture.h"

namespace eventioz::eventstore {
namespace {

constexpr int64_t long_stream_events = 10'000;

testing::store_fixture& fixture() {
  static testing::store_fixture* opened = [] {
    auto* made = new testing::store_fixture();
    made->open();
    (void)made->store().create_store({.name = "bench", .partitions = 1});
    // Ten events of the long stream, then one of each of 99 others, in appends of 10.
    for (int64_t round = 0; round < long_stream_events / 10; ++round) {
      std::vector<event_to_write> batch;
      for (int i = 0; i < 10; ++i) {
        batch.push_back(testing::store_fixture::event(
            "Deposited", R"({"amount":)" + std::to_string(round * 10 + i) + R"(,"note":"bench"})"));
      }
      (void)made->append("bench", "long", expected_version::any(), std::move(batch));
      (void)made->append("bench", "other-" + std::to_string(round % 99), expected_version::any(),
                         {testing::store_fixture::event("Noise", R"({"n":1})")});
    }
    return made;
  }();
  return *opened;
}

void read_whole_stream(benchmark::State& state) {
  auto& store = fixture().store();
  for (auto _ : state) {
    auto page =
        store.read_stream({.store = "bench", .stream = "long", .from_version = 0, .limit = 10'000});
    if (!page || page->events.size() != size_t(long_stream_events)) {
      state.SkipWithError("the stream read failed");
      break;
    }
    benchmark::DoNotOptimize(page->events.data());
  }
}
BENCHMARK(read_whole_stream)->Unit(benchmark::kMillisecond);

void state_as_of_random_version(benchmark::State& state) {
  auto& store = fixture().store();
  (void)store.state({.store = "bench", .stream = "long"});  // writes the snapshots
  std::mt19937_64 random(7);
  std::uniform_int_distribution<int64_t> pick(0, long_stream_events - 1);
  for (auto _ : state) {
    auto folded = store.state({.store = "bench", .stream = "long", .as_of_version = pick(random)});
    if (!folded) {
      state.SkipWithError("the state read failed");
      break;
    }
    benchmark::DoNotOptimize(folded->version);
  }
}
BENCHMARK(state_as_of_random_version)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace eventioz::eventstore

BENCHMARK_MAIN();
