// Request headers, version checks and the table of handlers.
#include "kafka/server/request_router.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>

#include "base/byte_reader.h"
#include "kafka/protocol/api_registry.h"
#include "kafka/protocol/messages.h"
#include "kafka/server/connection.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {
namespace {

namespace protocol = kafka::protocol;

using handler_function = void (*)(request_context_ptr);

struct route {
  handled_api api;
  handler_function handle;
};

template <class Request>
constexpr route route_of(handler_function handle) {
  return {{Request::api_key, Request::min_version, Request::max_version}, handle};
}

// Adding an API: write its definition in kafka/protocol/schema, its handler, and a line here.
const route routes[] = {
    route_of<protocol::produce_request>(handle_produce),
    route_of<protocol::fetch_request>(handle_fetch),
    route_of<protocol::list_offsets_request>(handle_list_offsets),
    route_of<protocol::metadata_request>(handle_metadata),
    route_of<protocol::api_versions_request>(handle_api_versions),
    route_of<protocol::create_topics_request>(handle_create_topics),
    route_of<protocol::delete_topics_request>(handle_delete_topics),
    route_of<protocol::delete_records_request>(handle_delete_records),
    route_of<protocol::describe_configs_request>(handle_describe_configs),
    route_of<protocol::alter_configs_request>(handle_alter_configs),
    route_of<protocol::create_partitions_request>(handle_create_partitions),
    route_of<protocol::incremental_alter_configs_request>(handle_incremental_alter_configs),
    route_of<protocol::describe_cluster_request>(handle_describe_cluster),
    route_of<protocol::init_producer_id_request>(handle_init_producer_id),
    route_of<protocol::add_partitions_to_txn_request>(handle_add_partitions_to_txn),
    route_of<protocol::add_offsets_to_txn_request>(handle_add_offsets_to_txn),
    route_of<protocol::end_txn_request>(handle_end_txn),
    route_of<protocol::txn_offset_commit_request>(handle_txn_offset_commit),
    route_of<protocol::find_coordinator_request>(handle_find_coordinator),
    route_of<protocol::join_group_request>(handle_join_group),
    route_of<protocol::sync_group_request>(handle_sync_group),
    route_of<protocol::heartbeat_request>(handle_heartbeat),
    route_of<protocol::leave_group_request>(handle_leave_group),
    route_of<protocol::offset_commit_request>(handle_offset_commit),
    route_of<protocol::offset_fetch_request>(handle_offset_fetch),
    route_of<protocol::offset_delete_request>(handle_offset_delete),
    route_of<protocol::describe_groups_request>(handle_describe_groups),
    route_of<protocol::list_groups_request>(handle_list_groups),
    route_of<protocol::delete_groups_request>(handle_delete_groups),
};

const route* find_route(int16_t key) {
  for (const route& each : routes) {
    if (each.api.key == key) return &each;
  }
  return nullptr;
}

std::vector<handled_api> make_handled_apis() {
  std::vector<handled_api> apis;
  for (const route& each : routes) apis.push_back(each.api);
  return apis;
}

}  // namespace

std::span<const handled_api> handled_apis() {
  static const std::vector<handled_api> apis = make_handled_apis();
  return apis;
}

void route_request(broker_context& broker, std::shared_ptr<connection> owner, uint64_t sequence,
                   std::shared_ptr<byte_buffer> frame) {
  auto fail = [&](const std::string& reason) {
    owner->stop_reading();
    owner->complete(sequence, {.close_after = true, .close_reason = reason});
  };
  int16_t key = read_big_endian<int16_t>(frame->data());
  int16_t version = read_big_endian<int16_t>(frame->data() + 2);
  auto started = std::chrono::steady_clock::now();
  const route* found = find_route(key);
  if (!found) return fail(fmt::format("unknown API key {}", key));
  bool is_api_versions = key == protocol::api_versions_request::api_key;
  bool supported = version >= found->api.min_version && version <= found->api.max_version;
  // An ApiVersions request of a newer version is still answered (in the v0 layout, with
  // UNSUPPORTED_VERSION), so clients learn what to use.
  if (!supported && !is_api_versions) {
    return fail(fmt::format("API {} version {} is not supported (versions {} to {})", key, version,
                            found->api.min_version, found->api.max_version));
  }
  int16_t header_version = protocol::request_header_version(key, version);
  protocol::request_header header;
  byte_reader reader(*frame);
  auto decoded = header.decode(reader, header_version);
  if (!decoded) {
    return fail("malformed request header: " + decoded.error_value().to_string());
  }
  byte_span body = byte_span(*frame).subspan(reader.position());
  auto context = std::make_shared<request_context>(broker, owner, sequence, frame, body);
  context->api_key = key;
  context->api_version = version;
  context->correlation_id = header.correlation_id;
  context->client_id = header.client_id;
  static std::atomic<uint64_t> arrivals{0};
  context->arrival = ++arrivals;
  context->connection_id = owner->id();
  context->started = started;
  context->metrics = metrics_of_api(key);
  found->handle(std::move(context));
}

}  // namespace eventioz::kafka
