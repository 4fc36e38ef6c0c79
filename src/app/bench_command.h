// `eventioz bench produce|consume`: end-to-end throughput and latency against a running broker,
// as a user or a benchmark script measures it.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "app/client_flags.h"
#include "app/producer_flags.h"

namespace eventioz::app {

struct bench_flags {
  client_flags client;
  producer_flags producer;
  std::string topic = "eventioz-bench";
  int32_t message_size_bytes = 1024;
  uint64_t count = 0;                // 0: use the duration
  double duration_s = 0;             // 0: use the count
  int32_t partitions = 0;            // 0: the topic's own, or 1 when it must be created
  int32_t concurrency = 1;           // producers or consumers, one connection each
  int64_t idle_timeout_ms = 10'000;  // consume: give up after this long without records
  bool json = false;
  // produce: send one record, wait for its answer, then the next (latency without queueing).
  bool one_at_a_time = false;
};

void add_bench_commands(CLI::App& cli, command_list& commands);

// The two benchmarks (bench_produce.cc, bench_consume.cc). Both return an exit code.
int run_bench_produce(const bench_flags& flags);
int run_bench_consume(const bench_flags& flags);

}  // namespace eventioz::app
