// `eventioz group list|describe|reset-offsets|delete`: consumer groups over Kafka's group
// admin APIs, with each partition's committed offset and lag.
#pragma once

#include <CLI/CLI.hpp>

#include "app/client_flags.h"

namespace eventioz::app {

void add_group_commands(CLI::App& cli, command_list& commands);

// `group reset-offsets` (group_reset_command.cc), added under `group`.
void add_group_reset_command(CLI::App& group, command_list& commands);

}  // namespace eventioz::app
