// What every client command (topic, produce, consume, cluster, bench) shares: the flags that
// say how to reach the brokers, parsing helpers, and how failures are reported.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "client/connection_options.h"

namespace eventioz::app {

// Exit codes of client commands (docs/cli.md).
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;  // the operation failed (broker error, connection, data)
inline constexpr int exit_usage = 2;    // the command line was wrong

struct client_flags {
  std::string brokers = "127.0.0.1:9092";
  int64_t timeout_ms = 30'000;
  std::string client_id = "eventioz-cli";
};

// Adds --brokers (env EVENTIOZ_BROKERS), --timeout-ms and --client-id to `command`.
void add_client_flags(CLI::App& command, client_flags& flags);

result<client::connection_options> connection_options_from(const client_flags& flags);

// Parses repeated KEY=VALUE arguments (--config, --header); `what` names them in errors.
result<std::map<std::string, std::string>> parse_key_values(const std::vector<std::string>& items,
                                                            std::string_view what);

// Parses --acks: "0", "1", "all" or "-1".
result<int16_t> parse_acks(std::string_view text);

// Prints "eventioz <command>: <message>" to stderr, with what to try when the broker could
// not be reached, and returns exit_failure.
int report_failure(std::string_view command, const error& failure);

// Prints a usage problem found after parsing and returns exit_usage.
int report_usage(std::string_view command, const error& failure);

// A client command: the subcommand CLI11 parsed, and what runs it.
struct runnable_command {
  CLI::App* command = nullptr;
  std::function<int()> run;
};
using command_list = std::vector<runnable_command>;

}  // namespace eventioz::app
