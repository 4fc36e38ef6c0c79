// Parsing the ISO 8601 date-times a user types (`eventioz group reset-offsets --to-datetime`)
// into Kafka timestamps (milliseconds since the Unix epoch).
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"

namespace eventioz::app {

// Accepts YYYY-MM-DDTHH:MM[:SS[.fraction]] followed by nothing (UTC), "Z", or an offset
// "+HH:MM", "-HH:MM", "+HHMM", "+HH". A space may stand for the "T". Fractions past
// milliseconds are truncated. Anything else, or an impossible date (February 30th), is
// client::errc::invalid_argument saying what is expected.
result<int64_t> parse_iso8601_ms(std::string_view text);

}  // namespace eventioz::app
