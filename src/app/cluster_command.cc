#include "app/cluster_command.h"

#include <fmt/format.h>

#include <memory>

#include "client/admin_client.h"

namespace eventioz::app {
namespace {

int run_info(const client_flags& flags) {
  auto options = connection_options_from(flags);
  if (!options) return report_usage("cluster info", options.error_value());
  auto admin = client::admin_client::connect(*options);
  if (!admin) return report_failure("cluster info", admin.error_value());
  auto cluster = (*admin)->describe_cluster();
  if (!cluster) return report_failure("cluster info", cluster.error_value());
  fmt::print("cluster id  {}\n", cluster->cluster_id.value_or("(none)"));
  fmt::print("controller  {}\n", cluster->controller_id);
  fmt::print("topics      {}\n", cluster->topic_count);
  fmt::print("brokers     {}\n", cluster->brokers.size());
  for (const client::broker_info& broker : cluster->brokers) {
    fmt::print("  {:<4} {}:{}{}{}\n", broker.node_id, broker.host, broker.port,
               broker.rack ? fmt::format("  rack {}", *broker.rack) : "",
               broker.node_id == cluster->controller_id ? "  (controller)" : "");
  }
  return exit_ok;
}

}  // namespace

void add_cluster_commands(CLI::App& cli, command_list& commands) {
  CLI::App* cluster = cli.add_subcommand("cluster", "Inspect the cluster");
  cluster->require_subcommand(1);
  auto flags = std::make_shared<client_flags>();
  CLI::App* info =
      cluster->add_subcommand("info", "Cluster id, controller, brokers and topic count");
  add_client_flags(*info, *flags);
  commands.push_back({info, [flags] { return run_info(*flags); }});
}

}  // namespace eventioz::app
