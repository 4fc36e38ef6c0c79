// Fetch: decode, then hand over to a fetch_operation (long polling lives there).
#include "kafka/server/fetch_operation.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_fetch(request_context_ptr context) {
  auto request = decode_or_close<protocol::fetch_request>(*context);
  if (!request) return;
  // The decoded request owns all it needs; a waiting fetch should not hold the frame's memory.
  context->release_frame();
  std::make_shared<fetch_operation>(std::move(context), std::move(*request))->start();
}

}  // namespace eventioz::kafka
