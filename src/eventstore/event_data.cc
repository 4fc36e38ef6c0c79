// Parsing event payloads without exceptions.
#include "eventstore/event_data.h"

namespace eventioz::eventstore {

nlohmann::json parse_event_data(std::string_view data) {
  if (data.empty()) return nullptr;
  // allow_exceptions = false: a payload that is not JSON comes back "discarded", not thrown.
  nlohmann::json parsed = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return nullptr;
  return parsed;
}

}  // namespace eventioz::eventstore
