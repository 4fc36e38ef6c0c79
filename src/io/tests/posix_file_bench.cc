// Durable 64 KiB writes (pwrite + fdatasync) into a fresh file versus into a region prepared by
// prefill_zeros or by fallocate: the measurement behind posix_file::prefill_zeros writing real
// zeros. Runs in $TMPDIR (default /tmp); put it on the disk the data directory will use.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>

#include "io/file_system.h"

namespace eventioz::io {
namespace {

constexpr uint64_t write_bytes = 64 << 10;
constexpr uint64_t region_bytes = 256 << 20;

enum class preparation { none, prefill_zeros, fallocate, fallocate_zero_range };

std::string scratch_path() {
  const char* directory = std::getenv("TMPDIR");
  return join_path(directory ? directory : "/tmp", "eventioz-posix-file-bench.dat");
}

file_ptr prepared_file(preparation how, benchmark::State& state) {
  std::string path = scratch_path();
  std::filesystem::remove(path);
  auto opened = posix_file_system().open(path, open_mode::create_new);
  if (!opened.ok()) {
    state.SkipWithError(opened.error_value().to_string().c_str());
    return nullptr;
  }
  file_ptr f = *opened;
  int mode = how == preparation::fallocate_zero_range ? FALLOC_FL_ZERO_RANGE : 0;
  bool ok = true;
  if (how == preparation::prefill_zeros) ok = f->prefill_zeros(0, region_bytes).ok();
  if (how == preparation::fallocate || how == preparation::fallocate_zero_range) {
    ok = ::fallocate(f->native_handle(), mode, 0, region_bytes) == 0 && f->sync_data().ok();
  }
  if (!ok) state.SkipWithError("preparing the file failed");
  return f;
}

void durable_writes(benchmark::State& state, preparation how) {
  byte_buffer data(write_bytes, 'x');
  file_ptr f;
  uint64_t position = region_bytes;
  for (auto _ : state) {
    if (position + write_bytes > region_bytes) {  // Start a fresh region, untimed.
      state.PauseTiming();
      f = prepared_file(how, state);
      position = 0;
      state.ResumeTiming();
      if (!f) break;
    }
    if (!f->write_at(position, data).ok() || !f->sync_data().ok()) {
      state.SkipWithError("write or sync failed");
      break;
    }
    position += write_bytes;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * write_bytes));
  f.reset();
  std::filesystem::remove(scratch_path());
}

void BM_append(benchmark::State& state) { durable_writes(state, preparation::none); }
void BM_overwrite_prefilled_zeros(benchmark::State& state) {
  durable_writes(state, preparation::prefill_zeros);
}
void BM_overwrite_fallocated(benchmark::State& state) {
  durable_writes(state, preparation::fallocate);
}
void BM_overwrite_fallocated_zero_range(benchmark::State& state) {
  durable_writes(state, preparation::fallocate_zero_range);
}

// How fast prefill_zeros itself prepares a region (zeros written, then one fdatasync).
void BM_prefill_zeros(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove(scratch_path());
    auto f = posix_file_system().open(scratch_path(), open_mode::create_new);
    state.ResumeTiming();
    if (!f.ok() || !(*f)->prefill_zeros(0, region_bytes).ok()) {
      state.SkipWithError("prefill failed");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * region_bytes));
  std::filesystem::remove(scratch_path());
}

// A fixed count of 64 KiB writes (4 regions) keeps the runs comparable.
BENCHMARK(BM_append)->Iterations(16384)->UseRealTime();
BENCHMARK(BM_overwrite_prefilled_zeros)->Iterations(16384)->UseRealTime();
BENCHMARK(BM_overwrite_fallocated)->Iterations(16384)->UseRealTime();
BENCHMARK(BM_overwrite_fallocated_zero_range)->Iterations(16384)->UseRealTime();
BENCHMARK(BM_prefill_zeros)->Iterations(8)->UseRealTime();

}  // namespace
}  // namespace eventioz::io

BENCHMARK_MAIN();
