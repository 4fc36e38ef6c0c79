// What the produce and fetch paths pay per batch: validating the header and CRC, walking the
// records, decoding them, building. Batches are 16 KiB of 1 KiB records, a typical producer
// linger batch. Run: build/release/src/model/model_bench
#include <benchmark/benchmark.h>

#include <random>

#include "model/record_batch.h"
#include "model/tests/batch_test_support.h"

namespace eventioz::model {
namespace {

constexpr size_t record_size = 1024;
constexpr size_t records_per_batch = 16;
constexpr size_t decompressed_max = 64 << 20;

// Values of random letters and digits: they compress to about three quarters, like typical
// JSON payloads, rather than to almost nothing like repeated text.
std::vector<record_to_write> bench_records() {
  std::mt19937 generator(42);
  const std::string_view alphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789{}";
  std::vector<record_to_write> records;
  for (size_t i = 0; i < records_per_batch; ++i) {
    byte_buffer value(record_size);
    for (uint8_t& byte : value) byte = static_cast<uint8_t>(alphabet[generator() % 64]);
    records.push_back({testing::bytes_of("key-" + std::to_string(i)),
                       std::move(value),
                       {},
                       static_cast<int64_t>(1'700'000'000'000 + i)});
  }
  return records;
}

byte_buffer bench_batch(compression codec) {
  batch_options options;
  options.codec = codec;
  return std::move(build_batch(bench_records(), options)).value();
}

// Throughput counts the uncompressed batch (what the producer handed over), so codecs compare.
void set_bytes(benchmark::State& state, size_t stored_size) {
  size_t uncompressed_size = bench_batch(compression::none).size();
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * uncompressed_size));
  state.counters["stored_bytes"] = static_cast<double>(stored_size);
}

void validate_batch_bench(benchmark::State& state) {
  byte_buffer batch = bench_batch(static_cast<compression>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(validate_batch(batch));
  set_bytes(state, batch.size());
}

void validate_records_bench(benchmark::State& state) {
  byte_buffer batch = bench_batch(static_cast<compression>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(validate_records(batch, decompressed_max));
  set_bytes(state, batch.size());
}

void read_records_bench(benchmark::State& state) {
  byte_buffer batch = bench_batch(static_cast<compression>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(read_records(batch, decompressed_max));
  set_bytes(state, batch.size());
}

void build_batch_bench(benchmark::State& state) {
  batch_options options;
  options.codec = static_cast<compression>(state.range(0));
  auto records = bench_records();
  size_t size = 0;
  for (auto _ : state) {
    auto batch = build_batch(records, options);
    size = batch->size();
    benchmark::DoNotOptimize(batch);
  }
  set_bytes(state, size);
}

// Codec numbers: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.
BENCHMARK(validate_batch_bench)->DenseRange(0, 4);
BENCHMARK(validate_records_bench)->DenseRange(0, 4);
BENCHMARK(read_records_bench)->DenseRange(0, 4);
BENCHMARK(build_batch_bench)->DenseRange(0, 4);

}  // namespace
}  // namespace eventioz::model

BENCHMARK_MAIN();
