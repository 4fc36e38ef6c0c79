// End-to-end benchmarks of the partition log on the real disk, in the shape the issue asks for
// (docs/benchmarks.md has the figures and the commands). Not Google Benchmark's harness: each
// scenario has its own concurrency and latency bookkeeping.
//
//   storage_bench --dir DIR [--seconds N] [--open-gib N] [scenario...]
//   scenarios: append-1 append-8 latency read open
// Every result is one tab-separated line, like ../shared/peers:
//   RUN eventioz <test> <size> <durability> <client> <msgs_s> <MB_s> <p50_ms> <p99_ms>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "io/file_system.h"
#include "model/record_batch.h"
#include "storage/flush_scheduler.h"
#include "storage/partition_log.h"

namespace eventioz::storage {
namespace {

using steady = std::chrono::steady_clock;

double seconds_since(steady::time_point start) {
  return std::chrono::duration<double>(steady::now() - start).count();
}

byte_buffer make_payload_batch(int records, size_t record_size) {
  std::vector<model::record_to_write> batch;
  for (int i = 0; i < records; ++i) {
    model::record_to_write record;
    record.value = byte_buffer(record_size, static_cast<uint8_t>('a' + i % 26));
    record.timestamp = 1'700'000'000'000 + i;
    batch.push_back(std::move(record));
  }
  return std::move(model::build_batch(batch, {})).value();
}

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5)];
}

// A figure, or "-" where it does not apply (negative).
std::string figure(double value, int decimals) {
  return value < 0 ? "-" : fmt::format("{:.{}f}", value, decimals);
}

void emit(const std::string& test, const std::string& size, const std::string& durability,
          const std::string& client, double msgs_per_second, double mb_per_second, double p50_ms,
          double p99_ms) {
  fmt::print("RUN\teventioz\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", test, size, durability, client,
             figure(msgs_per_second, 0), figure(mb_per_second, 1), figure(p50_ms, 3),
             figure(p99_ms, 3));
  std::fflush(stdout);
}

std::shared_ptr<partition_log> open_fresh(flush_scheduler& flusher, const std::string& dir,
                                          log_config config = {}) {
  std::filesystem::remove_all(dir);
  auto log = partition_log::open({io::posix_file_system(), flusher}, dir, config);
  if (!log) {
    fmt::print(stderr, "open {}: {}\n", dir, log.error_value().to_string());
    std::exit(1);
  }
  return *log;
}

// `appenders` threads each keep up to `in_flight` appends outstanding; an append completes when
// it is durable. Measures bytes of record payload per second and per-append latency.
void durable_appends(const std::string& dir, int appenders, int in_flight, double seconds,
                     int records_per_batch, size_t record_size) {
  flush_scheduler flusher(2);
  auto log = open_fresh(flusher, dir);
  byte_buffer prototype = make_payload_batch(records_per_batch, record_size);
  std::atomic<int64_t> batches_done{0};
  std::mutex latency_mutex;
  std::vector<double> latencies_ms;
  auto start = steady::now();
  auto deadline = start + std::chrono::duration<double>(seconds);

  std::vector<std::thread> threads;
  for (int t = 0; t < appenders; ++t) {
    threads.emplace_back([&] {
      std::mutex mutex;
      std::condition_variable slot_free;
      int outstanding = 0;
      std::vector<double> local_latencies;
      byte_buffer batch = prototype;
      while (steady::now() < deadline) {
        {
          std::unique_lock lock(mutex);
          slot_free.wait(lock, [&] { return outstanding < in_flight; });
          ++outstanding;
        }
        auto issued = steady::now();
        auto appended = log->append(batch);
        if (!appended) {
          fmt::print(stderr, "append: {}\n", appended.error_value().to_string());
          std::exit(1);
        }
        log->when_durable(appended->last_offset, [&, issued](status durable) {
          if (!durable) std::exit(1);
          double ms = std::chrono::duration<double, std::milli>(steady::now() - issued).count();
          std::lock_guard lock(mutex);
          local_latencies.push_back(ms);
          --outstanding;
          ++batches_done;
          slot_free.notify_one();
        });
      }
      std::unique_lock lock(mutex);
      slot_free.wait(lock, [&] { return outstanding == 0; });
      std::lock_guard all(latency_mutex);
      latencies_ms.insert(latencies_ms.end(), local_latencies.begin(), local_latencies.end());
    });
  }
  for (auto& thread : threads) thread.join();
  double elapsed = seconds_since(start);
  double records = static_cast<double>(batches_done.load()) * records_per_batch;
  double payload_mb = records * static_cast<double>(record_size) / 1e6;
  std::string test =
      records_per_batch == 1 && in_flight == 1 && appenders == 1
          ? "durable append latency, 1 in flight"
          : fmt::format("durable append, {} appenders x {} in flight", appenders, in_flight);
  emit(test,
       fmt::format("{}B records, {}KiB batches", record_size,
                   records_per_batch * record_size / 1024),
       "fdatasync before ack", "partition_log", records / elapsed, payload_mb / elapsed,
       percentile(latencies_ms, 0.50), percentile(latencies_ms, 0.99));
  log->close().ok();
  std::filesystem::remove_all(dir);
}

// The last offset of the last batch in `bytes` (whole batches).
offset last_offset_in(byte_span bytes) {
  offset last(-1);
  for (size_t at = 0; at < bytes.size();) {
    auto header = model::parse_batch_header(bytes.subspan(at));
    if (!header) std::exit(1);
    last = header->last_offset();
    at += header->size_bytes();
  }
  return last;
}

// Reads a cached log from start to end, copying every batch into memory, with and without CRC
// verification.
void cached_reads(const std::string& dir) {
  flush_scheduler flusher(1);
  log_config relaxed;
  relaxed.flush_messages = 1 << 30;
  auto log = open_fresh(flusher, dir, relaxed);
  byte_buffer batch = make_payload_batch(16, 1024);
  constexpr int batch_count = 32 * 1024;  // 512 MiB
  for (int i = 0; i < batch_count; ++i) {
    if (!log->append(batch)) std::exit(1);
  }
  log->sync().ok();
  log->advance_committed(log->log_end_offset());

  for (bool verify : {false, true}) {
    byte_buffer buffer(1 << 20);
    size_t total_bytes = 0;
    auto start = steady::now();
    for (int pass = 0; pass < 3; ++pass) {
      offset next(0);
      while (next < log->log_end_offset()) {
        read_request request{.start = next, .max_bytes = 1 << 20};
        if (verify) {
          auto bytes = log->read_verified(request);
          if (!bytes) std::exit(1);
          total_bytes += bytes->size();
          next = last_offset_in(*bytes) + 1;
        } else {
          auto found = log->read(request);
          if (!found) std::exit(1);
          for (const auto& range : found->ranges) {
            if (buffer.size() < range.size_bytes) buffer.resize(range.size_bytes);
            if (!range.file->read_at(range.position, {buffer.data(), range.size_bytes})) {
              std::exit(1);
            }
          }
          total_bytes += found->size_bytes;
          next = found->next_offset;
        }
      }
    }
    double elapsed = seconds_since(start);
    emit(verify ? "read cached, CRC verified (read_verified)" : "read cached, copy (read+pread)",
         "16KiB batches, 1MiB reads", "-", "partition_log", -1, total_bytes / elapsed / 1e6, -1,
         -1);
  }
  log->close().ok();
  std::filesystem::remove_all(dir);
}

// Builds a log of `gib` GiB in 100 segments, closes it, and times opening it cleanly and after
// a simulated crash (checkpoint removed: the active segment is scanned).
void open_large(const std::string& dir, int gib) {
  flush_scheduler flusher(1);
  log_config config;
  config.flush_messages = 1 << 30;
  config.segment_bytes = (static_cast<uint64_t>(gib) << 30) / 100;
  config.max_message_bytes = 2 << 20;
  {
    auto log = open_fresh(flusher, dir, config);
    byte_buffer batch = make_payload_batch(64, 16 * 1024);  // 1 MiB batches
    uint64_t target = static_cast<uint64_t>(gib) << 30;
    auto start = steady::now();
    while (log->size_bytes() + batch.size() <= target) {
      if (!log->append(batch)) std::exit(1);
    }
    log->sync().ok();
    log->advance_committed(log->log_end_offset());
    fmt::print(stderr, "wrote {} GiB in {} segments in {:.1f} s\n", gib, log->segment_count(),
               seconds_since(start));
    log->close().ok();
  }
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto start = steady::now();
    auto log = partition_log::open({io::posix_file_system(), flusher}, dir, config);
    double ms = seconds_since(start) * 1000;
    if (!log || !(*log)->recovery().clean_shutdown) std::exit(1);
    emit(fmt::format("open after clean shutdown ({} segments)", (*log)->segment_count()),
         fmt::format("{}GiB", gib), "-", "partition_log::open", -1, -1, ms, -1);
    (*log)->close().ok();
  }
  std::filesystem::remove(dir + "/partition.checkpoint");
  {
    auto start = steady::now();
    auto log = partition_log::open({io::posix_file_system(), flusher}, dir, config);
    double ms = seconds_since(start) * 1000;
    if (!log) std::exit(1);
    emit(fmt::format("open after crash: the active segment scanned ({} segments)",
                     (*log)->segment_count()),
         fmt::format("{}GiB", gib), "-", "partition_log::open", -1, -1, ms, -1);
    (*log)->close().ok();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace eventioz::storage

int main(int argc, char** argv) {
  using namespace eventioz::storage;
  std::string dir = "bench-data";
  double seconds = 5;
  int open_gib = 10;
  std::vector<std::string> scenarios;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::stod(argv[++i]);
    } else if (arg == "--open-gib" && i + 1 < argc) {
      open_gib = std::stoi(argv[++i]);
    } else {
      scenarios.push_back(arg);
    }
  }
  if (scenarios.empty()) scenarios = {"append-1", "append-8", "latency", "read", "open"};
  spdlog::set_level(spdlog::level::warn);
  std::string log_dir = dir + "/bench-0";
  std::filesystem::create_directories(dir);
  for (const std::string& scenario : scenarios) {
    if (scenario == "append-1")
      durable_appends(log_dir, 1, 5, seconds, 16, 1024);
    else if (scenario == "append-8")
      durable_appends(log_dir, 8, 5, seconds, 16, 1024);
    else if (scenario == "latency")
      durable_appends(log_dir, 1, 1, seconds, 1, 1024);
    else if (scenario == "read")
      cached_reads(log_dir);
    else if (scenario == "open")
      open_large(log_dir, open_gib);
    else {
      fmt::print(stderr, "unknown scenario {}: use append-1 append-8 latency read open\n",
                 scenario);
      return 2;
    }
  }
  std::filesystem::remove_all(dir);
  return 0;
}
