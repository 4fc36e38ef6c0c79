// `eventioz produce TOPIC`: one record per line of standard input.
#pragma once

#include <CLI/CLI.hpp>

#include "app/client_flags.h"

namespace eventioz::app {

void add_produce_command(CLI::App& cli, command_list& commands);

}  // namespace eventioz::app
