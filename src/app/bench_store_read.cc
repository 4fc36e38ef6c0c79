// `eventioz bench store-read`: issue 6's read targets over the HTTP API — reading a whole
// stream of 10,000 events, and a stream's state as of random versions with snapshots every 100
// versions. Latencies are the client's: request, the server's work, the JSON answer's transfer.
// The first state read folds the stream once and writes its snapshots; it is reported apart.
#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>

#include "app/bench_command.h"
#include "app/bench_http_connection.h"
#include "app/bench_store_setup.h"
#include "app/latency_histogram.h"

namespace eventioz::app {
namespace {

using clock_type = std::chrono::steady_clock;

uint64_t micros_since(clock_type::time_point start) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - start).count());
}

// Appends events until the stream has `events`, 100 per append.
status fill_stream(bench_http_connection& connection, const std::string& target, int64_t events) {
  auto head = connection.call("GET", target + "?direction=backward&limit=1");
  if (!head) return head.error_value();
  int64_t have = 0;
  if (head->status == 200) {
    have = nlohmann::json::parse(head->body).value("current_version", int64_t{-1}) + 1;
  }
  while (have < events) {
    nlohmann::json batch = {
        {"expected_version", have == 0 ? nlohmann::json("no_stream") : nlohmann::json(have - 1)},
        {"events", nlohmann::json::array()}};
    for (int64_t i = 0; i < 100 && have + i < events; ++i) {
      batch["events"].push_back({{"type", "Deposited"},
                                 {"id", fmt::format("fill-{}", have + i)},
                                 {"data", {{"amount", (have + i) % 97}, {"note", "bench"}}}});
    }
    auto answer = connection.call("POST", target, batch.dump());
    if (!answer) return answer.error_value();
    if (answer->status != 201) {
      return error(std::make_error_code(std::errc::io_error),
                   fmt::format("filling the stream: {} {}", answer->status, answer->body));
    }
    have += static_cast<int64_t>(batch["events"].size());
  }
  return ok_status();
}

}  // namespace

int run_bench_store_read(const bench_store_flags& flags) {
  if (!ensure_bench_store(flags, 100)) return 1;
  auto connection = bench_http_connection::open(flags.http_url);
  if (!connection) {
    fmt::print(stderr, "{}\n", connection.error_value().message());
    return 1;
  }
  std::string stream_target =
      fmt::format("/v1/stores/{}/streams/long-{}", bench_escape(flags.store), flags.stream_events);
  if (status filled = fill_stream(**connection, stream_target, flags.stream_events); !filled) {
    fmt::print(stderr, "{}\n", filled.error_value().message());
    return 1;
  }

  latency_histogram reads;
  for (int i = 0; i < flags.reads; ++i) {
    auto start = clock_type::now();
    auto answer =
        (*connection)->call("GET", fmt::format("{}?limit={}", stream_target, flags.stream_events));
    uint64_t took = micros_since(start);
    if (!answer || answer->status != 200) {
      fmt::print(stderr, "reading the stream failed: {}\n",
                 answer ? answer->body.substr(0, 500) : answer.error_value().message());
      return 1;
    }
    auto events = nlohmann::json::parse(answer->body, nullptr, false);
    if (!events.is_object() || events["events"].size() != size_t(flags.stream_events)) {
      fmt::print(stderr, "the stream read returned the wrong number of events\n");
      return 1;
    }
    reads.record(took);
  }

  auto first_start = clock_type::now();
  auto first = (*connection)->call("GET", stream_target + "/state");
  uint64_t first_fold = micros_since(first_start);
  if (!first || first->status != 200) {
    fmt::print(stderr, "the state read failed: {}\n",
               first ? first->body : first.error_value().message());
    return 1;
  }
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int64_t> pick(0, flags.stream_events - 1);
  latency_histogram states;
  for (int i = 0; i < flags.state_reads; ++i) {
    auto start = clock_type::now();
    auto answer =
        (*connection)
            ->call("GET", fmt::format("{}/state?as_of_version={}", stream_target, pick(random)));
    uint64_t took = micros_since(start);
    if (!answer || answer->status != 200) {
      fmt::print(stderr, "a state read failed: {}\n",
                 answer ? answer->body : answer.error_value().message());
      return 1;
    }
    states.record(took);
  }
  auto ms = [](uint64_t micros) { return static_cast<double>(micros) / 1000.0; };
  if (flags.json) {
    fmt::print(R"({{"stream_events":{},"read_p50_ms":{:.3f},"read_p99_ms":{:.3f},)"
               R"("first_state_ms":{:.3f},"state_p50_ms":{:.3f},"state_p99_ms":{:.3f}}})"
               "\n",
               flags.stream_events, ms(reads.percentile(0.5)), ms(reads.percentile(0.99)),
               ms(first_fold), ms(states.percentile(0.5)), ms(states.percentile(0.99)));
  } else {
    fmt::print("read a {}-event stream: p50 {:.3f} ms, p99 {:.3f} ms ({} reads)\n",
               flags.stream_events, ms(reads.percentile(0.5)), ms(reads.percentile(0.99)),
               flags.reads);
    fmt::print(
        "state: first read (folds and snapshots) {:.3f} ms; as of random versions p50 "
        "{:.3f} ms, p99 {:.3f} ms ({} reads)\n",
        ms(first_fold), ms(states.percentile(0.5)), ms(states.percentile(0.99)), flags.state_reads);
  }
  return 0;
}

}  // namespace eventioz::app
