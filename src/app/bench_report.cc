#include "app/bench_report.h"

#include <fmt/format.h>

#include "app/json_text.h"

namespace eventioz::app {
namespace {

double per_second(double amount, double elapsed_s) {
  return elapsed_s > 0 ? amount / elapsed_s : 0.0;
}

double ms(uint64_t microseconds) { return static_cast<double>(microseconds) / 1000.0; }

}  // namespace

std::string bench_text(const bench_result& result) {
  std::string text = fmt::format(
      "bench {}: {} records{} on {} ({} partition{}, concurrency {})\n", result.mode,
      result.records,
      result.mode == "produce" ? fmt::format(" of {} bytes", result.message_size_bytes) : "",
      result.topic, result.partitions, result.partitions == 1 ? "" : "s", result.concurrency);
  if (result.mode == "produce") {
    text += fmt::format("  acks {}, compression {}\n", result.acks, result.compression);
  }
  text += fmt::format("  throughput  {:.0f} msgs/s, {:.2f} MB/s over {:.3f} s\n",
                      per_second(static_cast<double>(result.records), result.elapsed_s),
                      per_second(static_cast<double>(result.bytes), result.elapsed_s) / 1e6,
                      result.elapsed_s);
  if (result.latency && result.latency->count() > 0) {
    const latency_histogram& latency = *result.latency;
    text +=
        fmt::format("  latency     p50 {:.3f} ms, p99 {:.3f} ms, p99.9 {:.3f} ms, max {:.3f} ms\n",
                    ms(latency.percentile(0.5)), ms(latency.percentile(0.99)),
                    ms(latency.percentile(0.999)), ms(latency.max()));
  }
  if (result.failed > 0) {
    text += fmt::format("  failed      {} (first: {})\n", result.failed, result.first_failure);
  }
  return text;
}

std::string bench_json(const bench_result& result) {
  std::string json = fmt::format(
      "{{\"mode\":{},\"topic\":{},\"partitions\":{},\"concurrency\":{},\"records\":{},"
      "\"failed\":{},\"bytes\":{},\"elapsed_s\":{:.6f},\"msgs_per_s\":{:.1f},"
      "\"mb_per_s\":{:.3f}",
      json_string(result.mode), json_string(result.topic), result.partitions, result.concurrency,
      result.records, result.failed, result.bytes, result.elapsed_s,
      per_second(static_cast<double>(result.records), result.elapsed_s),
      per_second(static_cast<double>(result.bytes), result.elapsed_s) / 1e6);
  if (result.mode == "produce") {
    json += fmt::format(",\"message_size_bytes\":{},\"acks\":{},\"compression\":{}",
                        result.message_size_bytes, json_string(result.acks),
                        json_string(result.compression));
  }
  if (result.latency) {
    const latency_histogram& latency = *result.latency;
    json += fmt::format(
        ",\"latency_ms\":{{\"p50\":{:.3f},\"p99\":{:.3f},\"p99_9\":{:.3f},\"max\":{:.3f},"
        "\"mean\":{:.3f}}}",
        ms(latency.percentile(0.5)), ms(latency.percentile(0.99)), ms(latency.percentile(0.999)),
        ms(latency.max()), latency.mean() / 1000.0);
  }
  if (!result.first_failure.empty()) {
    json += fmt::format(",\"first_failure\":{}", json_string(result.first_failure));
  }
  return json + "}\n";
}

}  // namespace eventioz::app
