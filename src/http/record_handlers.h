// The handlers of /v1/topics/{topic}/records, registered by record_routes.cc: produce
// (record_routes.cc) and consume by partition and offset or timestamp (consume_records.cc).
#pragma once

#include "http/http_context.h"
#include "http/router.h"

namespace eventioz::http {

void handle_produce(http_context& context, const http_request& request, responder respond);
void handle_consume(http_context& context, const http_request& request, responder respond);

}  // namespace eventioz::http
