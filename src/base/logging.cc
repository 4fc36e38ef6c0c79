#include "base/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>
#include <span>

#include "base/utf8.h"

namespace eventioz {
namespace {

// The fields of the event being logged on this thread (log_event), read by the formatters
// below while spdlog formats the line: the loggers are synchronous, so formatting happens on
// the logging thread, inside the log call.
thread_local std::span<const log_field> current_fields;
// Whether the default logger's pattern prints the fields (set up by setup_logging); if not,
// log_event puts them in the message so they are never lost.
std::atomic<bool> fields_in_pattern{false};

void append_json_string(std::string_view text, spdlog::memory_buf_t& destination) {
  for (size_t at = 0; at < text.size(); ++at) {
    char c = text[at];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // JSON is UTF-8: a byte that is not part of a well-formed sequence (a raw request target
      // from a client, say) becomes U+FFFD, so the line stays valid JSON.
      size_t length = utf8_sequence_length(text, at);
      if (length == 0) {
        destination.append(std::string_view("\ufffd"));
      } else {
        destination.append(text.substr(at, length));
        at += length - 1;
      }
      continue;
    }
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
      case '\r':
        destination.append(std::string_view("\\r"));
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

// Writes the log message as the contents of a JSON string, so that quotes, backslashes and
// control characters in a message never break a line of the JSON log.
class json_escaped_message final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& destination) override {
    append_json_string(std::string_view(message.payload.data(), message.payload.size()),
                       destination);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<json_escaped_message>();
  }
};

// The current event's fields as JSON members: ,"key":value ...
class json_fields final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& destination) override {
    for (const log_field& field : current_fields) {
      destination.append(std::string_view(",\""));
      destination.append(field.key);
      destination.append(std::string_view("\":"));
      if (auto text = std::get_if<std::string_view>(&field.value)) {
        destination.push_back('"');
        append_json_string(*text, destination);
        destination.push_back('"');
      } else if (auto whole = std::get_if<int64_t>(&field.value)) {
        fmt::format_to(std::back_inserter(destination), "{}", *whole);
      } else {
        fmt::format_to(std::back_inserter(destination), "{}", std::get<double>(field.value));
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<json_fields>();
  }
};

void append_text_fields(std::span<const log_field> fields, spdlog::memory_buf_t& destination) {
  for (const log_field& field : fields) {
    destination.push_back(' ');
    destination.append(field.key);
    destination.push_back('=');
    if (auto text = std::get_if<std::string_view>(&field.value)) {
      destination.append(*text);
    } else if (auto whole = std::get_if<int64_t>(&field.value)) {
      fmt::format_to(std::back_inserter(destination), "{}", *whole);
    } else {
      fmt::format_to(std::back_inserter(destination), "{}", std::get<double>(field.value));
    }
  }
}

// The current event's fields as key=value after the message.
class text_fields final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& destination) override {
    append_text_fields(current_fields, destination);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<text_fields>();
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
    formatter->add_flag<json_escaped_message>('*').add_flag<json_fields>('&').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","thread":%t,"message":"%*"%&})");
    logger->set_formatter(std::move(formatter));
  } else {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<text_fields>('&').set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v%&");
    logger->set_formatter(std::move(formatter));
  }
  logger->set_level(level);
  spdlog::set_default_logger(logger);
  fields_in_pattern = true;
  return ok_status();
}

void log_event(spdlog::level::level_enum level, std::string_view message,
               std::initializer_list<log_field> fields) {
  spdlog::logger* logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  if (!fields_in_pattern) {
    spdlog::memory_buf_t line;
    line.append(message);
    append_text_fields(fields, line);
    logger->log(level, std::string_view(line.data(), line.size()));
    return;
  }
  current_fields = std::span<const log_field>(fields.begin(), fields.size());
  logger->log(level, message);
  current_fields = {};
}

}  // namespace eventioz
