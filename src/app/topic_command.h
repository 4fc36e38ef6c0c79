// `eventioz topic create|list|describe|alter|delete`: topic administration over Kafka's admin
// APIs.
#pragma once

#include <CLI/CLI.hpp>

#include "app/client_flags.h"

namespace eventioz::app {

void add_topic_commands(CLI::App& cli, command_list& commands);

}  // namespace eventioz::app
