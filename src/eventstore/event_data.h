// An event's payload as the JSON that reducers fold. Every fold (stream state, snapshots,
// projections) parses payloads here, so that they all agree on what a non-JSON payload is.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace eventioz::eventstore {

// The parsed JSON of `data`, or null when `data` is empty or not JSON (a reducer then sees
// null data, exactly as for an event whose data is the JSON null). Never throws.
nlohmann::json parse_event_data(std::string_view data);

}  // namespace eventioz::eventstore
