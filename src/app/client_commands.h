// The client side of the CLI: topic, produce, consume, cluster, group, bench and store
// (docs/cli.md).
// Each command group lives in its own file; this adds them all and runs the one that was parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>

#include "app/client_flags.h"

namespace eventioz::app {

class client_commands {
 public:
  // Adds every client command to `cli`. Keep the object alive until run_parsed().
  explicit client_commands(CLI::App& cli);

  // Runs the command that was parsed and returns its exit code; nullopt when none was.
  std::optional<int> run_parsed() const;

 private:
  command_list _commands;
};

}  // namespace eventioz::app
