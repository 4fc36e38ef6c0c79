// `eventioz bench consume`: reads a topic from the beginning with concurrent consumers (the
// partitions dealt out among them), until --count records, --duration, or the end of every
// partition; reports throughput.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "app/bench_command.h"
#include "app/bench_report.h"
#include "client/admin_client.h"
#include "client/consumer.h"

namespace eventioz::app {
namespace {

using client::client_clock;

struct consumer_share {
  uint64_t records = 0;
  uint64_t bytes = 0;
  std::optional<error> fatal;
};

// What all consumers watch: the records read so far, and when the last arrived.
struct progress {
  std::atomic<uint64_t> records{0};
  std::atomic<int64_t> last_record_ns{0};
  std::atomic<bool> stop{false};
};

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             client_clock::now().time_since_epoch())
      .count();
}

void run_share(const client::consumer_options& options, const bench_flags& flags,
               std::vector<int32_t> partitions, uint64_t count,
               std::optional<client_clock::time_point> until, progress& shared,
               consumer_share& share) {
  auto consumer = client::consumer::create(options);
  if (!consumer) {
    share.fatal = consumer.error_value();
    return;
  }
  status assigned =
      (*consumer)->assign(flags.topic, partitions, client::start_position::earliest());
  if (!assigned) {
    share.fatal = assigned.error_value();
    return;
  }
  auto idle_limit_ns = flags.idle_timeout_ms * 1'000'000;
  while (!shared.stop) {
    if (count > 0 && shared.records >= count) break;
    if (until && client_clock::now() >= *until) break;
    if (count == 0 && !until && (*consumer)->caught_up()) break;
    if (now_ns() - shared.last_record_ns > idle_limit_ns) {
      share.fatal = error(std::make_error_code(std::errc::timed_out),
                          fmt::format("no record arrived for {} ms after {} records; is the "
                                      "topic shorter than --count?",
                                      flags.idle_timeout_ms, shared.records.load()));
      shared.stop = true;
      break;
    }
    auto records = (*consumer)->poll();
    if (!records) {
      share.fatal = records.error_value();
      shared.stop = true;
      break;
    }
    if (records->empty()) continue;
    shared.last_record_ns = now_ns();
    // With --count, only the records up to the total count: the last round of each consumer
    // may bring more than remain.
    uint64_t before = shared.records.fetch_add(records->size());
    size_t counted = records->size();
    if (count > 0) counted = before >= count ? 0 : std::min<uint64_t>(counted, count - before);
    share.records += counted;
    for (size_t i = 0; i < counted; ++i) {
      const model::record& record = (*records)[i].record;
      if (record.key) share.bytes += record.key->size();
      if (record.value) share.bytes += record.value->size();
    }
  }
}

}  // namespace

int run_bench_consume(const bench_flags& flags) {
  auto connection = connection_options_from(flags.client);
  if (!connection) return report_usage("bench consume", connection.error_value());
  auto admin = client::admin_client::connect(*connection);
  if (!admin) return report_failure("bench consume", admin.error_value());
  auto metadata = (*admin)->pool().wait_for_leaders({flags.topic});
  if (!metadata) return report_failure("bench consume", metadata.error_value());
  auto partition_count = static_cast<int32_t>((*metadata)->topic(flags.topic)->partitions.size());

  std::optional<client_clock::time_point> until;
  if (flags.duration_s > 0) {
    until = client_clock::now() + std::chrono::duration_cast<client_clock::duration>(
                                      std::chrono::duration<double>(flags.duration_s));
  }
  client::consumer_options options;
  options.connection = *connection;
  options.max_wait_ms = 100;  // a short hold keeps the stop checks prompt

  int32_t consumers = std::min(flags.concurrency, partition_count);
  std::vector<consumer_share> shares(static_cast<size_t>(consumers));
  progress shared;
  shared.last_record_ns = now_ns();
  auto started = client_clock::now();
  std::vector<std::thread> threads;
  for (int32_t i = 0; i < consumers; ++i) {
    std::vector<int32_t> partitions;
    for (int32_t p = i; p < partition_count; p += consumers) partitions.push_back(p);
    threads.emplace_back([&, i, partitions] {
      run_share(options, flags, partitions, flags.count, until, shared, shares[i]);
    });
  }
  for (std::thread& thread : threads) thread.join();
  auto elapsed = client_clock::now() - started;

  bench_result result{.mode = "consume",
                      .topic = flags.topic,
                      .partitions = partition_count,
                      .concurrency = consumers};
  for (const consumer_share& share : shares) {
    if (share.fatal) return report_failure("bench consume", *share.fatal);
    result.records += share.records;
    result.bytes += share.bytes;
  }
  result.elapsed_s = std::chrono::duration<double>(elapsed).count();
  std::string report = flags.json ? bench_json(result) : bench_text(result);
  std::fwrite(report.data(), 1, report.size(), stdout);
  return exit_ok;
}

}  // namespace eventioz::app
