// The projection runner's place in the event store (until projection_runner lands).
#include "eventstore/event_store.h"
#include "eventstore/stream_index.h"

namespace eventioz::eventstore {

class projection_runner {};

event_store::event_store(event_store_options options) : _options(std::move(options)) {}

event_store::~event_store() = default;

status event_store::start_projections() { return ok_status(); }
void event_store::stop_projections() {}
void event_store::forget_projections_of(const std::string&) {}

}  // namespace eventioz::eventstore
