#include "app/client_flags.h"

#include <fmt/format.h>

#include "client/broker_address.h"
#include "client/errc.h"

namespace eventioz::app {

void add_client_flags(CLI::App& command, client_flags& flags) {
  command
      .add_option("-b,--brokers", flags.brokers,
                  "Brokers to bootstrap from, HOST:PORT[,HOST:PORT...]")
      ->envname("EVENTIOZ_BROKERS")
      ->capture_default_str();
  command.add_option("--timeout-ms", flags.timeout_ms, "How long to wait for each answer")
      ->check(CLI::Range(int64_t{1}, int64_t{3'600'000}))
      ->capture_default_str();
  command.add_option("--client-id", flags.client_id, "The client id the broker logs")
      ->capture_default_str();
}

result<client::connection_options> connection_options_from(const client_flags& flags) {
  client::connection_options options;
  EVENTIOZ_TRY(options.bootstrap, client::parse_broker_list(flags.brokers));
  options.request_timeout = std::chrono::milliseconds(flags.timeout_ms);
  options.connect_timeout = std::min(options.request_timeout, std::chrono::milliseconds(10'000));
  options.client_id = flags.client_id;
  return options;
}

result<std::map<std::string, std::string>> parse_key_values(const std::vector<std::string>& items,
                                                            std::string_view what) {
  std::map<std::string, std::string> values;
  for (const std::string& item : items) {
    size_t equals = item.find('=');
    if (equals == std::string::npos || equals == 0) {
      return error(client::errc::invalid_argument,
                   fmt::format("{} '{}' must be KEY=VALUE", what, item));
    }
    values[item.substr(0, equals)] = item.substr(equals + 1);
  }
  return values;
}

result<int16_t> parse_acks(std::string_view text) {
  if (text == "all" || text == "-1") return int16_t{-1};
  if (text == "0") return int16_t{0};
  if (text == "1") return int16_t{1};
  return error(client::errc::invalid_argument,
               fmt::format("--acks '{}': use 0 (no answer), 1 (the leader) or all", text));
}

int report_failure(std::string_view command, const error& failure) {
  fmt::print(stderr, "eventioz {}: {}\n", command, failure.message());
  if (failure == client::errc::connection_failed || failure == client::errc::timed_out) {
    fmt::print(stderr,
               "  is `eventioz serve` running there? Point at the broker with --brokers "
               "HOST:PORT or EVENTIOZ_BROKERS.\n");
  }
  return exit_failure;
}

int report_usage(std::string_view command, const error& failure) {
  fmt::print(stderr, "eventioz {}: {}\n  see `eventioz {} --help`\n", command, failure.message(),
             command);
  return exit_usage;
}

}  // namespace eventioz::app
