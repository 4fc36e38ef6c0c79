// Reading the TOML config file of `eventioz serve` (toml++), flattened to "table.key" strings
// so that the file, the environment and the flags share one way of applying values.
#include <fmt/format.h>
#include <toml++/toml.h>

#include "app/serve_config.h"

namespace eventioz::app {
namespace {

status flatten(const toml::table& table, const std::string& prefix,
               std::map<std::string, std::string>& out) {
  for (const auto& [name, node] : table) {
    std::string key = prefix + std::string(name.str());
    if (const auto* nested = node.as_table()) {
      EVENTIOZ_RETURN_IF_ERROR(flatten(*nested, key + ".", out));
    } else if (const auto* text = node.as_string()) {
      out[key] = text->get();
    } else if (const auto* integer = node.as_integer()) {
      out[key] = std::to_string(integer->get());
    } else if (const auto* boolean = node.as_boolean()) {
      out[key] = boolean->get() ? "true" : "false";
    } else {
      return error(std::make_error_code(std::errc::invalid_argument),
                   fmt::format("{}: use a string, a whole number or true/false", key));
    }
  }
  return ok_status();
}

}  // namespace

result<std::map<std::string, std::string>> read_config_file(const std::string& path) {
  // Debian's toml++ is built with exceptions, so parse errors arrive as one; they stop here.
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& failure) {
    return error(std::make_error_code(std::errc::invalid_argument),
                 fmt::format("{}:{}:{}: {}", path, failure.source().begin.line,
                             failure.source().begin.column, failure.description()));
  }
  std::map<std::string, std::string> values;
  auto flattened = flatten(table, "", values);
  if (!flattened) {
    return error(std::make_error_code(std::errc::invalid_argument),
                 fmt::format("{}: {}", path, flattened.error_value().message()));
  }
  return values;
}

}  // namespace eventioz::app
