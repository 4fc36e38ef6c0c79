// What the event-store routes (store_routes.cc, stream_routes.cc, ...) share: the store of the
// context, or the answer that there is none.
#pragma once

#include "eventstore/event_store.h"
#include "http/http_context.h"
#include "http/router.h"

namespace eventioz::http {

// The context's event store; null after answering 503 event-store-unavailable (a process
// started without one, e.g. a test's context).
inline eventstore::event_store* event_store_or_answer(http_context& context,
                                                      const responder& respond) {
  if (context.store == nullptr) {
    respond(problem(503, "event-store-unavailable", "The event store is not running",
                    "this broker runs without the event store; the /v1/stores routes need "
                    "`eventioz serve` with the event store started"));
  }
  return context.store;
}

}  // namespace eventioz::http
