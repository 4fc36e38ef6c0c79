// Query parameters of the event-store routes that are not plain integers: points in time
// (as_of_time) and reducer specs (reducer=).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "base/result.h"

namespace eventioz::http {

// Milliseconds since the epoch, or an RFC 3339 date-time ("2026-11-25T10:00:00Z",
// "2026-11-25T11:00:00.250+01:00"; fractions beyond milliseconds are truncated).
// Errors: std::errc::invalid_argument naming `name` and the accepted forms.
result<int64_t> parse_time_ms(std::string_view name, std::string_view text);

// An RFC 3339 date-time as milliseconds since the epoch; nullopt when it is not one.
std::optional<int64_t> rfc3339_to_ms(std::string_view text);

// A reducer spec given in a query: JSON (an object or a string) or a bare name ("merge-patch").
nlohmann::json reducer_query_spec(std::string_view text);

}  // namespace eventioz::http
