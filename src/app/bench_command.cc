#include "app/bench_command.h"

#include <memory>

namespace eventioz::app {
namespace {

void add_common_flags(CLI::App& command, bench_flags& flags) {
  command.add_option("--topic", flags.topic, "Topic to use")->capture_default_str();
  command.add_option(
      "--count", flags.count,
      "Records in total (produce: 100000 by default; consume: to the end by default)");
  command.add_option("--duration", flags.duration_s, "Run for this many seconds instead")
      ->check(CLI::Range(0.001, 86'400.0));
  command
      .add_option("--concurrency", flags.concurrency,
                  "Producers or consumers, each on its own thread and connection")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  command.add_flag("--json", flags.json, "Print one JSON object instead of text");
  add_client_flags(command, flags.client);
}

}  // namespace

void add_bench_commands(CLI::App& cli, command_list& commands) {
  CLI::App* bench = cli.add_subcommand("bench", "Measure throughput and latency end to end");
  bench->require_subcommand(1);

  auto produce_flags = std::make_shared<bench_flags>();
  CLI::App* produce = bench->add_subcommand("produce", "Write records as fast as acks allow");
  produce->add_option("--message-size", produce_flags->message_size_bytes, "Bytes per value")
      ->check(CLI::Range(0, 64 << 20))
      ->capture_default_str();
  produce
      ->add_option("--partitions", produce_flags->partitions,
                   "Partitions of the topic when it is created (if missing)")
      ->check(CLI::Range(1, 100'000));
  // A benchmark asks what the broker can take, so it pipelines deeply by default (as
  // librdkafka's own defaults do); `--batch-bytes 16384 --max-in-flight 5` gives the Java
  // producer's defaults. docs/benchmarks.md shows both.
  produce_flags->producer.batch_bytes = 256 * 1024;
  produce_flags->producer.max_in_flight = 10;
  add_producer_flags(*produce, produce_flags->producer);
  produce->add_flag("--one-at-a-time", produce_flags->one_at_a_time,
                    "Send each record only after the previous one is acknowledged: the latency "
                    "of one record in flight, without queueing");
  add_common_flags(*produce, *produce_flags);
  commands.push_back({produce, [produce_flags] { return run_bench_produce(*produce_flags); }});

  auto consume_flags = std::make_shared<bench_flags>();
  CLI::App* consume =
      bench->add_subcommand("consume", "Read a topic from the beginning as fast as possible");
  consume
      ->add_option("--idle-timeout-ms", consume_flags->idle_timeout_ms,
                   "Stop with an error after this long without a record")
      ->check(CLI::Range(int64_t{1}, int64_t{3'600'000}))
      ->capture_default_str();
  add_common_flags(*consume, *consume_flags);
  commands.push_back({consume, [consume_flags] { return run_bench_consume(*consume_flags); }});

  auto store_flags = std::make_shared<bench_store_flags>();
  auto add_store_flags = [&](CLI::App& command) {
    command.add_option("--http", store_flags->http_url, "The broker's HTTP API")
        ->capture_default_str();
    command.add_option("--store", store_flags->store, "Event store (created if missing)")
        ->capture_default_str();
    command.add_option("--partitions", store_flags->partitions, "Partitions when created")
        ->check(CLI::Range(1, 10'000));
    command.add_flag("--json", store_flags->json, "Print one JSON object instead of text");
  };
  CLI::App* store_append = bench->add_subcommand(
      "store-append", "Expected-version appends of one event from concurrent clients");
  add_store_flags(*store_append);
  store_append->add_option("--clients", store_flags->clients, "Connections, one thread each")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  store_append->add_option("--streams", store_flags->streams, "Streams appended to at random")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  store_append
      ->add_option("--in-flight", store_flags->in_flight,
                   "Appends in flight per client, each on a keep-alive connection of its own "
                   "(1: each waits for the previous answer)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  store_append->add_option("--payload-size", store_flags->payload_bytes, "Bytes of event data")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  store_append->add_option("--duration", store_flags->duration_s, "Seconds")
      ->check(CLI::Range(0.1, 86'400.0))
      ->capture_default_str();
  commands.push_back(
      {store_append, [store_flags] { return run_bench_store_append(*store_flags); }});

  CLI::App* store_read = bench->add_subcommand(
      "store-read", "Whole-stream reads and states as of random versions of one long stream");
  add_store_flags(*store_read);
  store_read->add_option("--stream-events", store_flags->stream_events, "The stream's length")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}))
      ->capture_default_str();
  store_read->add_option("--reads", store_flags->reads, "Whole-stream reads to time")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  store_read->add_option("--state-reads", store_flags->state_reads, "State reads to time")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  commands.push_back({store_read, [store_flags] { return run_bench_store_read(*store_flags); }});
}

}  // namespace eventioz::app
