#include "app/cli.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "app/serve_command.h"
#include "base/logging.h"

namespace eventioz::app {

int run_cli(int argc, char** argv) {
  CLI::App cli("Eventioz: an event platform in one binary", "eventioz");
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "eventioz 0.1.0");

  std::string log_level = "info";
  std::string log_format_name = "text";
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical or off")
      ->envname("EVENTIOZ_LOG_LEVEL");
  cli.add_option("--log-format", log_format_name, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->envname("EVENTIOZ_LOG_FORMAT");

  serve_options serve;
  CLI::App* serve_command = cli.add_subcommand("serve", "Run the platform on this machine");
  serve_command
      ->add_option("--data-dir", serve.data_directory,
                   "Where partitions and state are kept (created if missing)")
      ->envname("EVENTIOZ_DATA_DIR");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& parse_error) {
    return cli.exit(parse_error);
  }

  auto logging =
      setup_logging(log_format_name == "json" ? log_format::json : log_format::text, log_level);
  if (!logging) {
    fmt::print(stderr, "eventioz: {}\n", logging.error_value().message());
    return 2;
  }
  if (serve_command->parsed()) return run_serve(serve);
  return 2;
}

}  // namespace eventioz::app
