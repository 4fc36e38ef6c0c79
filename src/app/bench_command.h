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

// `eventioz bench store-append|store-read` (bench_store_append.cc, bench_store_read.cc): the
// event store over its HTTP API.
struct bench_store_flags {
  std::string http_url = "http://127.0.0.1:8080";
  std::string store = "eventioz-bench-store";
  int32_t partitions = 0;  // 0: the broker's default when the store is created
  int32_t clients = 8;     // connections, one thread each
  int32_t streams = 1000;
  int32_t in_flight = 1;  // appends in flight per client, one connection each
  int32_t payload_bytes = 100;
  double duration_s = 10;
  int64_t stream_events = 10'000;  // store-read: the long stream's length
  int32_t reads = 50;              // store-read: whole-stream reads
  int32_t state_reads = 1000;      // store-read: states as of random versions
  bool json = false;
};

void add_bench_commands(CLI::App& cli, command_list& commands);
int run_bench_store_append(const bench_store_flags& flags);
int run_bench_store_read(const bench_store_flags& flags);

// The two benchmarks (bench_produce.cc, bench_consume.cc). Both return an exit code.
int run_bench_produce(const bench_flags& flags);
int run_bench_consume(const bench_flags& flags);

}  // namespace eventioz::app
