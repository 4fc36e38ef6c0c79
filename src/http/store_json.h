// The event store's JSON shapes (docs/http-api.md#event-store): stores, stored events, stream
// pages, projection statuses and entries as answers; the bodies that create a store or a
// projection as requests. The append body has its own parser (append_body.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/result.h"
#include "eventstore/event_store.h"

namespace eventioz::http {

// A reducer spec as the store keeps it (topic config text: "merge-patch" or JSON text) back as
// JSON: the parsed JSON, or the text as a JSON string when it is not JSON.
nlohmann::json reducer_spec_json(const std::string& spec_text);

// {"name","partitions","reducer","snapshot_interval"}; with `with_index`, also
// "index": [{"partition","indexed_offset","high_watermark"}].
nlohmann::json store_json(const eventstore::store_info& store, bool with_index);

// {"stream","version","partition","offset","id","type","time","timestamp","source","subject",
// "content_type","correlation_id","causation_id","data"} appended to `out` as JSON text: empty
// attributes are left out, "version" is null when unknown (-1); `data` is embedded as it is
// when content_type is application/json and it is valid JSON, else it is a JSON string. Text,
// not a JSON document: a stream page holds up to 10,000 events, and building a document of
// each costs more than the read (docs/benchmarks.md).
void append_event_json(std::string& out, const eventstore::stored_event& event);
// Whether a content type is application/json (parameters and case aside).
bool is_json_content_type(std::string_view content_type);

// {"store","name","reducer","key","types","positions":{"0":N},"lag","keys","failure"}.
nlohmann::json projection_status_json(const eventstore::projection_status& status);

// {"key","state","version"}.
nlohmann::json projection_entry_json(const eventstore::projection_entry& entry);

// POST /v1/stores: {"name","partitions"?,"reducer"?,"snapshot_interval"?,"configs"?}.
// Errors: http::errc::bad_json / invalid_request naming the member.
result<eventstore::create_store_request> parse_create_store(std::string_view body);

// PUT /v1/stores/{store}/projections/{name}: {"reducer","key"?,"types"?}.
result<eventstore::projection_definition> parse_projection(std::string_view body,
                                                           const std::string& store,
                                                           const std::string& name);

}  // namespace eventioz::http
