// What `eventioz bench` prints: the figures of one run, as text for people or as one JSON
// object for scripts (docs/cli.md lists the fields).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/latency_histogram.h"

namespace eventioz::app {

struct bench_result {
  std::string mode;  // "produce" or "consume"
  std::string topic;
  int32_t partitions = 0;
  int32_t concurrency = 1;
  uint64_t records = 0;  // succeeded
  uint64_t failed = 0;
  uint64_t bytes = 0;  // keys and values of the records that succeeded
  double elapsed_s = 0;
  // produce only
  std::optional<latency_histogram> latency;  // µs from send() to the broker's answer
  std::string acks;
  std::string compression;
  int32_t message_size_bytes = 0;
  std::string first_failure;
};

std::string bench_text(const bench_result& result);
std::string bench_json(const bench_result& result);

}  // namespace eventioz::app
