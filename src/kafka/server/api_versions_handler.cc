// ApiVersions: the APIs and versions this broker answers. Clients choose request versions
// from it, so it lists only APIs that have a handler.
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"
#include "kafka/server/request_router.h"

namespace eventioz::kafka {

void handle_api_versions(request_context_ptr context) {
  protocol::api_versions_response response;
  for (const handled_api& api : handled_apis()) {
    protocol::api_versions_response::api_version entry;
    entry.api_key = api.key;
    entry.min_version = api.min_version;
    entry.max_version = api.max_version;
    response.api_keys.push_back(entry);
  }
  int16_t version = context->api_version;
  if (version < protocol::api_versions_request::min_version ||
      version > protocol::api_versions_request::max_version) {
    // A version we do not know (newer, or negative): answer in the v0 layout, which every client
    // can read, with UNSUPPORTED_VERSION and the list, so the client retries with a version from
    // it.
    response.error_code = code_of(kafka_error::unsupported_version);
    context->api_version = 0;
    context->respond(response);
    return;
  }
  // Never close the connection on ApiVersions: a body we cannot read (a bad client software
  // name, say) gets INVALID_REQUEST, on which clients retry with an older version.
  protocol::api_versions_request request;
  byte_reader reader(context->body());
  if (!request.decode(reader, context->api_version)) {
    response.error_code = code_of(kafka_error::invalid_request);
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
