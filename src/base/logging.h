// Process-wide logging setup. Code logs through spdlog directly; this only chooses the format
// (human text or one JSON object per line, for log shippers) and the level.
//
// JSON lines: {"time":"...Z","level":"info","thread":N,"message":"...", <fields>}. Events with
// structured fields (log_event) add them as members of the same object, so a log shipper can
// filter on them; the text format appends them as key=value.
#pragma once

#include <spdlog/common.h>

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <variant>

#include "base/result.h"

namespace eventioz {

enum class log_format { text, json };

// Installs the default logger writing to stderr. Call once at start-up, before threads start.
// Returns an error for an unknown level name (trace, debug, info, warn, error, critical, off).
status setup_logging(log_format format, std::string_view level_name);

// One structured field of a log event. Keys are plain identifiers (not escaped); strings are
// escaped for JSON.
struct log_field {
  std::string_view key;
  std::variant<std::string_view, int64_t, double> value;
};

// Logs `message` with `fields` at `level` through the default logger. Cheap when the level is
// off (nothing is formatted).
void log_event(spdlog::level::level_enum level, std::string_view message,
               std::initializer_list<log_field> fields);

}  // namespace eventioz
