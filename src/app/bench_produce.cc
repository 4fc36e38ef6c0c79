// `eventioz bench produce`: concurrent producers, each on its own thread and connection,
// writing fixed-size keyless records; latency is measured per record from send() to the
// broker's answer, as Kafka's own producer benchmark does.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <random>
#include <thread>

#include "app/bench_command.h"
#include "app/bench_report.h"
#include "client/admin_client.h"
#include "client/kafka_error.h"
#include "client/producer.h"

namespace eventioz::app {
namespace {

using client::client_clock;

struct producer_share {
  latency_histogram latency;
  uint64_t delivered = 0;
  uint64_t failed = 0;
  std::string first_failure;
  std::optional<error> fatal;
  client_clock::time_point started;
  client_clock::time_point finished;
};

// Makes sure the topic exists, creating it with --partitions (or 1) when missing, and returns
// its partition count.
result<int32_t> prepare_topic(const bench_flags& flags, const client::connection_options& options) {
  EVENTIOZ_TRY(auto admin, client::admin_client::connect(options));
  EVENTIOZ_TRY(const client::cluster_metadata* known,
               admin->pool().refresh(std::vector<std::string>{flags.topic}));
  const client::topic_metadata* topic = known->topic(flags.topic);
  bool exists = topic != nullptr && topic->error_code == 0;
  if (!exists) {
    int32_t wanted = flags.partitions > 0 ? flags.partitions : 1;
    status created = admin->create_topic({flags.topic, wanted, 1, {}});
    // Another process may have created it since the lookup.
    if (!created && created.error_value() != client::kafka_errc::topic_already_exists) {
      return created.error_value();
    }
  }
  EVENTIOZ_TRY(const client::cluster_metadata* metadata,
               admin->pool().wait_for_leaders({flags.topic}));
  auto actual = static_cast<int32_t>(metadata->topic(flags.topic)->partitions.size());
  if (exists && flags.partitions > 0 && actual != flags.partitions) {
    fmt::print(stderr, "bench: topic {} already exists with {} partitions; using them\n",
               flags.topic, actual);
  }
  return actual;
}

// Letters rather than random bytes: compressible roughly as text is, so --compression
// measures something realistic.
byte_buffer make_payload(int32_t size_bytes) {
  std::mt19937 random(42);
  byte_buffer payload(static_cast<size_t>(size_bytes));
  for (uint8_t& byte : payload) byte = static_cast<uint8_t>('a' + random() % 26);
  return payload;
}

void run_share(const client::producer_options& options, const bench_flags& flags, uint64_t count,
               std::optional<client_clock::time_point> until, const byte_buffer& payload,
               producer_share& share) {
  auto producer = client::producer::create(options, [&share](const auto& report) {
    if (report.failure != nullptr) {
      if (share.failed++ == 0) share.first_failure = report.failure->message();
      return;
    }
    ++share.delivered;
    auto latency =
        std::chrono::duration_cast<std::chrono::microseconds>(report.completed - report.enqueued);
    share.latency.record(static_cast<uint64_t>(std::max<int64_t>(latency.count(), 0)));
  });
  if (!producer) {
    share.fatal = producer.error_value();
    return;
  }
  share.started = client_clock::now();
  uint64_t sent = 0;
  while (until ? client_clock::now() < *until : sent < count) {
    client::producer_record record;
    record.topic = flags.topic;
    record.value = payload;
    auto queued = (*producer)->send(std::move(record));
    if (!queued) {
      share.fatal = queued.error_value();
      break;
    }
    ++sent;
    if (flags.one_at_a_time) {
      (*producer)->flush();  // sends at once (no linger) and waits for the answer
    } else if (sent % 16 == 0) {
      // Read answers as they come, so a record's latency is not inflated by our own delay.
      (*producer)->poll();
    }
  }
  (*producer)->flush();
  share.finished = client_clock::now();
}

}  // namespace

int run_bench_produce(const bench_flags& flags) {
  auto options = producer_options_from(flags.client, flags.producer);
  if (!options) return report_usage("bench produce", options.error_value());
  auto partitions = prepare_topic(flags, options->connection);
  if (!partitions) return report_failure("bench produce", partitions.error_value());

  uint64_t total = flags.count > 0 || flags.duration_s > 0 ? flags.count : 100'000;
  std::optional<client_clock::time_point> until;
  if (flags.duration_s > 0 && flags.count == 0) {
    until = client_clock::now() + std::chrono::duration_cast<client_clock::duration>(
                                      std::chrono::duration<double>(flags.duration_s));
  }
  byte_buffer payload = make_payload(flags.message_size_bytes);
  std::vector<producer_share> shares(static_cast<size_t>(flags.concurrency));
  std::vector<std::thread> threads;
  for (size_t i = 0; i < shares.size(); ++i) {
    uint64_t count = total / shares.size() + (i < total % shares.size() ? 1 : 0);
    threads.emplace_back(
        [&, i, count] { run_share(*options, flags, count, until, payload, shares[i]); });
  }
  for (std::thread& thread : threads) thread.join();

  bench_result result{.mode = "produce",
                      .topic = flags.topic,
                      .partitions = *partitions,
                      .concurrency = flags.concurrency};
  result.latency.emplace();
  result.acks = flags.producer.acks;
  result.compression = flags.producer.compression;
  result.message_size_bytes = flags.message_size_bytes;
  std::optional<client_clock::time_point> first_start, last_finish;
  for (producer_share& share : shares) {
    if (share.fatal) return report_failure("bench produce", *share.fatal);
    result.records += share.delivered;
    result.failed += share.failed;
    result.latency->merge(share.latency);
    if (result.first_failure.empty()) result.first_failure = share.first_failure;
    if (!first_start || share.started < *first_start) first_start = share.started;
    if (!last_finish || share.finished > *last_finish) last_finish = share.finished;
  }
  result.bytes = result.records * static_cast<uint64_t>(flags.message_size_bytes);
  result.elapsed_s = std::chrono::duration<double>(*last_finish - *first_start).count();
  std::string report = flags.json ? bench_json(result) : bench_text(result);
  std::fwrite(report.data(), 1, report.size(), stdout);
  return result.failed == 0 ? exit_ok : exit_failure;
}

}  // namespace eventioz::app
