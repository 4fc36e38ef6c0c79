#include "base/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace eventioz {
namespace {

// Writes the log message as the contents of a JSON string, so that quotes, backslashes and
// control characters in a message never break a line of the JSON log.
class json_escaped_message final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& destination) override {
    for (char c : message.payload) {
      switch (c) {
        case '"':
          destination.append(std::string_view("\\\""));
          break;
        case '\\':
          destination.append(std::string_view("\\\\"));
          break;
        case '\n':
          destination.append(std::string_view("\\n"));
          break;
        case '\t':
          destination.append(std::string_view("\\t"));
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            fmt::format_to(std::back_inserter(destination), "\\u{:04x}", c);
          } else {
            destination.push_back(c);
          }
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<json_escaped_message>();
  }
};

}  // namespace

status setup_logging(log_format format, std::string_view level_name) {
  spdlog::level::level_enum level = spdlog::level::from_str(std::string(level_name));
  // from_str answers "off" for names it does not know; only accept that when asked for.
  if (level == spdlog::level::off && level_name != "off") {
    return error(std::make_error_code(std::errc::invalid_argument),
                 fmt::format("unknown log level '{}': use trace, debug, info, warn, error, "
                             "critical or off",
                             level_name));
  }
  auto logger = std::make_shared<spdlog::logger>("eventioz",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (format == log_format::json) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<json_escaped_message>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","thread":%t,"message":"%*"})");
    logger->set_formatter(std::move(formatter));
  } else {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  }
  logger->set_level(level);
  spdlog::set_default_logger(logger);
  return ok_status();
}

}  // namespace eventioz
