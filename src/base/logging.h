// Process-wide logging setup. Code logs through spdlog directly; this only chooses the format
// (human text or one JSON object per line, for log shippers) and the level.
#pragma once

#include <string_view>

#include "base/result.h"

namespace eventioz {

enum class log_format { text, json };

// Installs the default logger writing to stderr. Call once at start-up, before threads start.
// Returns an error for an unknown level name (trace, debug, info, warn, error, critical, off).
status setup_logging(log_format format, std::string_view level_name);

}  // namespace eventioz
