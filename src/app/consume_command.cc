#include "app/consume_command.h"

#include <fmt/format.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <memory>

#include "app/record_format.h"
#include "client/consumer.h"

namespace eventioz::app {
namespace {

struct consume_flags {
  client_flags client;
  std::string topic;
  int32_t partition = -1;
  bool from_beginning = false;
  int64_t start_offset = -1;
  int64_t from_timestamp_ms = -1;
  uint64_t count = 0;  // 0: no limit
  bool exit_at_end = false;
  std::string format = "value";
  std::string key_separator = "\t";
  int32_t max_wait_ms = 500;
};

std::atomic<bool> interrupted{false};

void on_interrupt(int) { interrupted = true; }

// Ctrl-C ends the loop after the records already printed, so output is never cut mid-line.
void stop_on_interrupt() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

client::start_position start_of(const consume_flags& flags) {
  if (flags.from_beginning) return client::start_position::earliest();
  if (flags.start_offset >= 0) return client::start_position::at_offset(flags.start_offset);
  if (flags.from_timestamp_ms >= 0) return client::start_position::at_time(flags.from_timestamp_ms);
  return client::start_position::latest();
}

int run_consume(const consume_flags& flags) {
  auto format = parse_record_format(flags.format);
  if (!format) return report_usage("consume", format.error_value());
  auto connection = connection_options_from(flags.client);
  if (!connection) return report_usage("consume", connection.error_value());
  client::consumer_options options;
  options.connection = *connection;
  options.max_wait_ms = flags.max_wait_ms;
  auto consumer = client::consumer::create(options);
  if (!consumer) return report_failure("consume", consumer.error_value());
  std::vector<int32_t> partitions;
  if (flags.partition >= 0) partitions.push_back(flags.partition);
  status assigned = (*consumer)->assign(flags.topic, partitions, start_of(flags));
  if (!assigned) return report_failure("consume", assigned.error_value());

  stop_on_interrupt();
  uint64_t printed = 0;
  while (!interrupted) {
    if (flags.count > 0 && printed >= flags.count) break;
    if (flags.exit_at_end && (*consumer)->caught_up()) break;
    auto records = (*consumer)->poll();
    if (!records) return report_failure("consume", records.error_value());
    for (const client::consumed_record& record : *records) {
      if (flags.count > 0 && printed >= flags.count) break;
      std::string line = format_record(record, *format, flags.key_separator);
      std::fwrite(line.data(), 1, line.size(), stdout);
      ++printed;
    }
    std::fflush(stdout);
  }
  fmt::print(stderr, "consumed {} records from {}\n", printed, flags.topic);
  return exit_ok;
}

}  // namespace

void add_consume_command(CLI::App& cli, command_list& commands) {
  auto flags = std::make_shared<consume_flags>();
  CLI::App* consume = cli.add_subcommand(
      "consume", "Print records of a topic (by default those written from now on)");
  consume->add_option("topic", flags->topic, "Topic to read")->required();
  consume->add_option("--partition", flags->partition, "Read only this partition")
      ->check(CLI::Range(0, 1'000'000));
  auto* beginning =
      consume->add_flag("--from-beginning", flags->from_beginning, "Start at the oldest record");
  auto* at_offset = consume
                        ->add_option("--offset", flags->start_offset,
                                     "Start at this offset (in every partition read)")
                        ->check(CLI::NonNegativeNumber);
  auto* at_time = consume
                      ->add_option("--from-timestamp", flags->from_timestamp_ms,
                                   "Start at the first record at or after this time (ms "
                                   "since the epoch)")
                      ->check(CLI::NonNegativeNumber);
  beginning->excludes(at_offset)->excludes(at_time);
  at_offset->excludes(at_time);
  consume->add_option("--count", flags->count, "Stop after this many records");
  consume->add_flag("--exit-at-end", flags->exit_at_end,
                    "Stop once every partition is read up to its end");
  consume->add_option("--format", flags->format, "value, kv or json (one object per line)")
      ->check(CLI::IsMember({"value", "kv", "json"}))
      ->capture_default_str();
  consume
      ->add_option("--key-separator", flags->key_separator,
                   "Between key and value in the kv format")
      ->capture_default_str();
  consume
      ->add_option("--max-wait-ms", flags->max_wait_ms,
                   "How long the broker may hold a fetch waiting for records")
      ->check(CLI::Range(0, 60'000))
      ->capture_default_str();
  add_client_flags(*consume, flags->client);
  commands.push_back({consume, [flags] { return run_consume(*flags); }});
}

}  // namespace eventioz::app
