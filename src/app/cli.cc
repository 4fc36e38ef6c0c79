#include "app/cli.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <map>

#include "app/client_commands.h"
#include "app/serve_command.h"
#include "base/logging.h"

namespace eventioz::app {
namespace {

// Defaults, then the file, then the environment, then the flags.
result<serve_config> load_serve_config(const std::string& config_file,
                                       const std::map<std::string, std::string>& flags) {
  serve_config config;
  if (!config_file.empty()) {
    EVENTIOZ_TRY(auto values, read_config_file(config_file));
    EVENTIOZ_RETURN_IF_ERROR(apply_settings(config, values, config_file));
  }
  EVENTIOZ_RETURN_IF_ERROR(apply_settings(config, read_environment(), "environment"));
  EVENTIOZ_RETURN_IF_ERROR(apply_settings(config, flags, "command line"));
  return config;
}

}  // namespace

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

  std::string config_file;
  std::map<std::string, std::string> serve_flags;
  CLI::App* serve_command = cli.add_subcommand("serve", "Run the platform on this machine");
  serve_command
      ->add_option("--config", config_file,
                   "A TOML config file (docs/configuration.md); flags and EVENTIOZ_* variables "
                   "override it")
      ->envname("EVENTIOZ_CONFIG");
  for (const serve_setting& setting : serve_settings()) {
    if (setting.flag.empty()) continue;
    serve_command->add_option_function<std::string>(
        setting.flag,
        [&serve_flags, key = setting.key](const std::string& value) { serve_flags[key] = value; },
        setting.help + " [" + setting.environment + "]");
  }

  // topic, produce, consume, cluster, bench: the client side (docs/cli.md).
  client_commands clients(cli);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& parse_error) {
    // CLI11 prints the message; its own codes (106, 108, ...) become the one usage code, 2.
    int code = cli.exit(parse_error);
    return code == 0 ? 0 : 2;
  }

  auto logging =
      setup_logging(log_format_name == "json" ? log_format::json : log_format::text, log_level);
  if (!logging) {
    fmt::print(stderr, "eventioz: {}\n", logging.error_value().message());
    return 2;
  }
  if (serve_command->parsed()) {
    auto config = load_serve_config(config_file, serve_flags);
    if (!config) {
      fmt::print(stderr, "eventioz serve: {}\n", config.error_value().message());
      return 2;
    }
    return run_serve(*config);
  }
  if (auto code = clients.run_parsed()) return *code;
  return 2;
}

}  // namespace eventioz::app
