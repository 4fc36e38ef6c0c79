#include "app/client_commands.h"

#include "app/bench_command.h"
#include "app/cluster_command.h"
#include "app/consume_command.h"
#include "app/group_command.h"
#include "app/produce_command.h"
#include "app/store_command.h"
#include "app/topic_command.h"

namespace eventioz::app {

client_commands::client_commands(CLI::App& cli) {
  add_topic_commands(cli, _commands);
  add_produce_command(cli, _commands);
  add_consume_command(cli, _commands);
  add_cluster_commands(cli, _commands);
  add_group_commands(cli, _commands);
  add_bench_commands(cli, _commands);
  add_store_commands(cli, _commands);
}

std::optional<int> client_commands::run_parsed() const {
  for (const runnable_command& command : _commands) {
    if (command.command->parsed()) return command.run();
  }
  return std::nullopt;
}

}  // namespace eventioz::app
