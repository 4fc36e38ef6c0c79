// From a request frame to its handler: reads the header, refuses unknown APIs and versions,
// and calls the handler of the API. The one list of the APIs this broker answers.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "base/bytes.h"
#include "kafka/server/broker_context.h"

namespace eventioz::kafka {

class connection;

void route_request(broker_context& broker, std::shared_ptr<connection> owner, uint64_t sequence,
                   std::shared_ptr<byte_buffer> frame);

struct handled_api {
  int16_t key;
  int16_t min_version;
  int16_t max_version;
};

// What ApiVersions advertises: only APIs with a handler, with the versions their definitions
// implement.
std::span<const handled_api> handled_apis();

}  // namespace eventioz::kafka
