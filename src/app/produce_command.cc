#include "app/produce_command.h"

#include <fmt/format.h>

#include <memory>

#include "app/line_reader.h"
#include "app/producer_flags.h"

namespace eventioz::app {
namespace {

struct produce_flags {
  client_flags client;
  producer_flags producer;
  std::string topic;
  std::string key_separator;  // empty: lines are values only
  std::vector<std::string> headers;
  int32_t partition = -1;
};

// Counts outcomes and shows the first few failures (a broken broker would otherwise print
// one line per record).
struct delivery_tally {
  static constexpr int failures_shown_max = 5;
  uint64_t delivered = 0;
  uint64_t failed = 0;

  void on_delivery(const client::delivery_report& report) {
    if (report.failure == nullptr) {
      ++delivered;
      return;
    }
    if (++failed <= failures_shown_max) {
      fmt::print(stderr, "eventioz produce: record {} failed: {}\n", report.id + 1,
                 report.failure->message());
    }
  }
};

byte_buffer bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

client::producer_record record_of(const produce_flags& flags, std::string_view line,
                                  const std::vector<model::record_header>& headers) {
  client::producer_record record;
  record.topic = flags.topic;
  record.partition = flags.partition;
  record.headers = headers;
  size_t separator =
      flags.key_separator.empty() ? std::string_view::npos : line.find(flags.key_separator);
  if (separator == std::string_view::npos) {
    record.value = bytes_of(line);  // no separator on this line: no key
  } else {
    record.key = bytes_of(line.substr(0, separator));
    record.value = bytes_of(line.substr(separator + flags.key_separator.size()));
  }
  return record;
}

int run_produce(const produce_flags& flags) {
  auto options = producer_options_from(flags.client, flags.producer);
  if (!options) return report_usage("produce", options.error_value());
  auto header_values = parse_key_values(flags.headers, "--header");
  if (!header_values) return report_usage("produce", header_values.error_value());
  std::vector<model::record_header> headers;
  for (const auto& [key, value] : *header_values) headers.push_back({key, bytes_of(value)});

  delivery_tally tally;
  auto producer = client::producer::create(
      *options, [&tally](const client::delivery_report& report) { tally.on_delivery(report); });
  if (!producer) return report_failure("produce", producer.error_value());

  auto started = std::chrono::steady_clock::now();
  line_reader lines(0);
  std::string line;
  uint64_t read = 0;
  while (true) {
    auto outcome = lines.next(line, (*producer)->next_due());
    if (outcome == line_reader::outcome::timeout) {
      (*producer)->poll();  // a batch's linger ended while waiting for input
      continue;
    }
    if (outcome == line_reader::outcome::failed) {
      fmt::print(stderr, "eventioz produce: cannot read standard input\n");
      break;
    }
    if (outcome == line_reader::outcome::end) break;
    ++read;
    auto sent = (*producer)->send(record_of(flags, line, headers));
    if (!sent) {
      (*producer)->flush();
      return report_failure("produce", sent.error_value());
    }
  }
  (*producer)->flush();
  auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  fmt::print(stderr, "produced {} of {} records to {} in {} ms{}\n", tally.delivered, read,
             flags.topic, elapsed_ms,
             tally.failed > 0 ? fmt::format(" ({} failed)", tally.failed) : "");
  return tally.failed == 0 ? exit_ok : exit_failure;
}

}  // namespace

void add_produce_command(CLI::App& cli, command_list& commands) {
  auto flags = std::make_shared<produce_flags>();
  CLI::App* produce =
      cli.add_subcommand("produce", "Write each line of standard input as a record");
  produce->add_option("topic", flags->topic, "Topic to write to")->required();
  produce->add_option("--key-separator", flags->key_separator,
                      "Split each line at the first SEP into key and value (a line without "
                      "it has no key)");
  produce->add_option("--header", flags->headers,
                      "A header KEY=VALUE on every record "
                      "(repeatable)");
  produce
      ->add_option("--partition", flags->partition,
                   "Write every record to this partition (default: by key, or sticky)")
      ->check(CLI::Range(0, 1'000'000));
  add_producer_flags(*produce, flags->producer);
  add_client_flags(*produce, flags->client);
  commands.push_back({produce, [flags] { return run_produce(*flags); }});
}

}  // namespace eventioz::app
