// What a projection is and what it answers (projection_runner.h maintains them): its
// definition as the user gives it, its status, and one entry of its read model. Kept apart from
// event_store.h so that the runner builds without the rest of the service.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventioz::eventstore {

struct projection_definition {
  std::string store;
  std::string name;
  nlohmann::json reducer;  // a reducer spec
  // The read model's key: "stream" (default) or a JSON pointer into the event's data, e.g.
  // "/customer_id" (events without it are skipped).
  std::string key = "stream";
  std::vector<std::string> types;  // fold only these event types; empty: all
};

struct projection_status {
  projection_definition definition;
  std::map<int32_t, int64_t> positions;  // per partition, the next offset to fold
  int64_t lag = 0;                       // records of the store not folded yet
  int64_t keys = 0;                      // read-model entries
  std::optional<std::string> failure;    // why it stopped, if it did (a reducer error)
};

struct projection_entry {
  std::string key;
  nlohmann::json state;
  // The number of events folded into this entry, minus one (with key "stream" and no type
  // filter: the stream version of the last event folded).
  int64_t version = -1;
};

}  // namespace eventioz::eventstore
