// libFuzzer target for reducer specs and folds: the input is a spec's text, a NUL byte, then
// event payloads separated by NUL bytes (each event's type is its payload's first byte as a
// letter). Nothing may crash or throw; a refused spec is invalid_reducer, a failed event
// reducer_failed.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/assert.h"
#include "eventstore/errc.h"
#include "eventstore/event_data.h"
#include "eventstore/reducer_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace eventioz::eventstore;
  std::string_view input(reinterpret_cast<const char*>(bytes), size);
  size_t spec_end = input.find('\0');
  std::string_view spec_text = input.substr(0, spec_end);
  static const reducer_registry registry;
  auto made = make_reducer(spec_text, registry);
  if (!made.ok()) {
    EVENTIOZ_ASSERT(made.error_value() == errc::invalid_reducer, "spec refused as {}",
                    made.error_value().to_string());
    return 0;
  }
  nlohmann::json state = (*made)->initial_state();
  std::string_view rest = spec_end == std::string_view::npos ? "" : input.substr(spec_end + 1);
  int64_t version = 0;
  while (!rest.empty()) {
    size_t end = rest.find('\0');
    std::string_view payload = rest.substr(0, end);
    rest = end == std::string_view::npos ? "" : rest.substr(end + 1);
    nlohmann::json data = parse_event_data(payload);
    std::string type(1, static_cast<char>('A' + (payload.empty() ? 0 : payload[0] & 3)));
    event_view event{"fuzz", version++, type, data, 0};
    auto applied = (*made)->apply(state, event);
    if (!applied.ok()) {
      EVENTIOZ_ASSERT(applied.error_value() == errc::reducer_failed, "event failed as {}",
                      applied.error_value().to_string());
      break;
    }
  }
  return 0;
}
