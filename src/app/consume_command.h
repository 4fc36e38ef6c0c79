// `eventioz consume TOPIC`: print records from a topic's partitions.
#pragma once

#include <CLI/CLI.hpp>

#include "app/client_flags.h"

namespace eventioz::app {

void add_consume_command(CLI::App& cli, command_list& commands);

}  // namespace eventioz::app
