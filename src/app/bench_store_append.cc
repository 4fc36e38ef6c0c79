// `eventioz bench store-append`: what issue 6 measures against PostgreSQL's event table —
// appends of one event with an expected version, from concurrent clients over many streams,
// each acknowledged only once durable. The streams are dealt out to the clients (stream s to
// client s % clients), as a service's command handlers own their aggregates: a client knows
// each of its streams' versions from its own answers, appends with it, and a conflict would
// mean a lost update (counted; a 409 updates the version from the answer's current_version).
// The PostgreSQL script computes the next version inside its transaction instead (one round
// trip too, conflicts only between racing inserts). Appends/s counts successful appends only.
// Event ids carry a per-run nonce, so a re-run on the same store is not taken for retries.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <unordered_map>

#include "app/bench_command.h"
#include "app/bench_http_connection.h"
#include "app/bench_store_setup.h"
#include "app/latency_histogram.h"

namespace eventioz::app {
namespace {

using clock_type = std::chrono::steady_clock;

struct client_result {
  uint64_t appended = 0;
  uint64_t conflicts = 0;
  std::string failure;
  latency_histogram latency;
};

// One connection with one append in flight at a time; `workers` connections in all.
void run_client(const bench_store_flags& flags, int index, int workers,
                clock_type::time_point until, client_result& result) {
  auto connection = bench_http_connection::open(flags.http_url);
  if (!connection) {
    result.failure = connection.error_value().message();
    return;
  }
  std::mt19937_64 random(0x5eed + index);
  // This client's streams: index, index + clients, ... below flags.streams.
  int32_t owned = (flags.streams - index + workers - 1) / workers;
  if (owned <= 0) return;
  std::uniform_int_distribution<int32_t> pick_owned(0, owned - 1);
  auto pick = [&](std::mt19937_64& generator) { return index + pick_owned(generator) * workers; };
  uint64_t nonce = std::random_device{}();
  std::unordered_map<int32_t, int64_t> known;  // stream -> last version seen (-1: none)
  std::string payload(static_cast<size_t>(flags.payload_bytes), 'x');
  struct sent {
    int32_t stream;
    clock_type::time_point at;
  };
  std::deque<sent> outstanding;
  std::unordered_map<int32_t, int> busy;  // streams with an append in flight here
  uint64_t sequence = 0;
  auto send_one = [&]() -> bool {
    int32_t stream = pick(random);
    for (int tries = 0; busy.contains(stream) && tries < 64; ++tries) stream = pick(random);
    auto found = known.find(stream);
    int64_t version = found == known.end() ? -1 : found->second;
    std::string body = fmt::format(
        R"({{"expected_version":{},"events":[{{"type":"BenchEvent","id":"{:x}-{}-{}","data":{{"p":"{}"}}}}]}})",
        version < 0 ? "\"no_stream\"" : std::to_string(version), nonce, index, sequence++, payload);
    auto sent_ok =
        (*connection)
            ->send("POST",
                   fmt::format("/v1/stores/{}/streams/s{}", bench_escape(flags.store), stream),
                   body);
    if (!sent_ok) {
      result.failure = sent_ok.error_value().message();
      return false;
    }
    ++busy[stream];
    outstanding.push_back({stream, clock_type::now()});
    return true;
  };
  if (!send_one()) return;
  while (!outstanding.empty()) {
    auto answer = (*connection)->receive();
    if (!answer) {
      result.failure = answer.error_value().message();
      return;
    }
    sent done = outstanding.front();
    outstanding.pop_front();
    if (--busy[done.stream] == 0) busy.erase(done.stream);
    auto elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - done.at);
    auto parsed = nlohmann::json::parse(answer->body, nullptr, false);
    if (answer->status == 201 && parsed.is_object()) {
      known[done.stream] = parsed.value("last_version", int64_t{-1});
      ++result.appended;
      result.latency.record(static_cast<uint64_t>(elapsed.count()));
    } else if (answer->status == 409 && parsed.is_object()) {
      known[done.stream] = parsed.value("current_version", int64_t{-1});
      ++result.conflicts;
    } else {
      result.failure = fmt::format("append answered {}: {}", answer->status, answer->body);
      return;
    }
    if (clock_type::now() < until && !send_one()) return;
  }
}

}  // namespace

int run_bench_store_append(const bench_store_flags& flags) {
  if (!ensure_bench_store(flags, 100)) return 1;
  // The server answers a connection's requests one after another, so a client's appends in
  // flight each take a keep-alive connection of their own (as HTTP client pools do).
  int workers = flags.clients * flags.in_flight;
  std::vector<client_result> results(static_cast<size_t>(workers));
  std::vector<std::thread> threads;
  auto started = clock_type::now();
  auto until = started + std::chrono::duration_cast<clock_type::duration>(
                             std::chrono::duration<double>(flags.duration_s));
  for (int i = 0; i < workers; ++i) {
    threads.emplace_back([&, i] { run_client(flags, i, workers, until, results[i]); });
  }
  for (auto& thread : threads) thread.join();
  double seconds = std::chrono::duration<double>(clock_type::now() - started).count();
  latency_histogram latency;
  uint64_t appended = 0;
  uint64_t conflicts = 0;
  for (const client_result& result : results) {
    if (!result.failure.empty()) {
      fmt::print(stderr, "a client failed: {}\n", result.failure);
      return 1;
    }
    appended += result.appended;
    conflicts += result.conflicts;
    latency.merge(result.latency);
  }
  double rate = static_cast<double>(appended) / seconds;
  double p50_ms = static_cast<double>(latency.percentile(0.5)) / 1000.0;
  double p99_ms = static_cast<double>(latency.percentile(0.99)) / 1000.0;
  if (flags.json) {
    fmt::print(R"({{"appends":{},"conflicts":{},"seconds":{:.3f},"appends_per_second":{:.0f},)"
               R"("p50_ms":{:.3f},"p99_ms":{:.3f},"clients":{},"in_flight":{},"streams":{}}})"
               "\n",
               appended, conflicts, seconds, rate, p50_ms, p99_ms, flags.clients, flags.in_flight,
               flags.streams);
  } else {
    fmt::print(
        "{} appends in {:.2f} s = {:.0f} appends/s ({} version conflicts), latency p50 "
        "{:.3f} ms, p99 {:.3f} ms; {} clients x {} in flight over {} streams, {} B data\n",
        appended, seconds, rate, conflicts, p50_ms, p99_ms, flags.clients, flags.in_flight,
        flags.streams, flags.payload_bytes);
  }
  return 0;
}

}  // namespace eventioz::app
