// One handler per Kafka API, each in its own <api>_handler.cc. A handler decodes the body
// (decode_or_close), calls the module that does the work, maps errors with error_mapping.h,
// and answers through the context exactly once.
#pragma once

#include <fmt/format.h>

#include <optional>

#include "base/byte_reader.h"
#include "groups/errc.h"
#include "kafka/protocol/messages.h"
#include "kafka/server/request_context.h"

namespace eventioz::kafka {

void handle_api_versions(request_context_ptr context);
void handle_metadata(request_context_ptr context);
void handle_produce(request_context_ptr context);
void handle_fetch(request_context_ptr context);
void handle_list_offsets(request_context_ptr context);
void handle_create_topics(request_context_ptr context);
void handle_delete_topics(request_context_ptr context);
void handle_create_partitions(request_context_ptr context);
void handle_describe_configs(request_context_ptr context);
void handle_alter_configs(request_context_ptr context);
void handle_incremental_alter_configs(request_context_ptr context);
void handle_delete_records(request_context_ptr context);
void handle_describe_cluster(request_context_ptr context);
void handle_init_producer_id(request_context_ptr context);
void handle_add_partitions_to_txn(request_context_ptr context);
void handle_add_offsets_to_txn(request_context_ptr context);
void handle_end_txn(request_context_ptr context);
void handle_txn_offset_commit(request_context_ptr context);
void handle_find_coordinator(request_context_ptr context);
void handle_join_group(request_context_ptr context);
void handle_sync_group(request_context_ptr context);
void handle_heartbeat(request_context_ptr context);
void handle_leave_group(request_context_ptr context);
void handle_offset_commit(request_context_ptr context);
void handle_offset_fetch(request_context_ptr context);
void handle_offset_delete(request_context_ptr context);
void handle_describe_groups(request_context_ptr context);
void handle_list_groups(request_context_ptr context);
void handle_delete_groups(request_context_ptr context);

// The decoded request, or nullopt after closing the connection: a body that does not parse
// leaves no way to answer in the protocol (the client would misread any reply).
template <class Request>
std::optional<Request> decode_or_close(request_context& context) {
  Request request;
  byte_reader reader(context.body());
  auto decoded = request.decode(reader, context.api_version);
  if (!decoded) {
    context.close_connection(fmt::format("malformed request (api {} v{}): {}", context.api_key,
                                         context.api_version, decoded.error_value().to_string()));
    return std::nullopt;
  }
  return request;
}

}  // namespace eventioz::kafka
