// `eventioz store ...`: the event store through the broker's HTTP API (docs/cli.md#eventioz-store).
//   create|list|describe|delete-stream  (store_command.cc)
//   append                              (store_append_command.cc)
//   read|state                          (store_read_command.cc)
//   projection create|list|status|get|keys|delete (store_projection_command.cc)
#pragma once

#include <CLI/CLI.hpp>

#include "app/client_flags.h"

namespace eventioz::app {

void add_store_commands(CLI::App& cli, command_list& commands);

void add_store_append_command(CLI::App& store, command_list& commands);
void add_store_read_commands(CLI::App& store, command_list& commands);
void add_store_projection_commands(CLI::App& store, command_list& commands);

}  // namespace eventioz::app
