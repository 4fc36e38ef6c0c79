// `eventioz cluster info`: what the cluster is made of.
#pragma once

#include <CLI/CLI.hpp>

#include "app/client_flags.h"

namespace eventioz::app {

void add_cluster_commands(CLI::App& cli, command_list& commands);

}  // namespace eventioz::app
