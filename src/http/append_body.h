// The body of an append (POST /v1/stores/{store}/streams/{stream}), checked strictly before
// anything is written: unknown members are refused, every member's type and length checked.
//
//   {"expected_version": "any" | "no_stream" | "exists" | N (number or decimal string;
//                        default "any"),
//    "events": [{"type" (required, 1..256 bytes), "data" (required, any JSON),
//                "id"?, "source"?, "subject"?, "time"? (RFC 3339), "correlation_id"?,
//                "causation_id"?}, ...]}                           (1..1000 events)
//
// `data` is stored as its compact JSON text with content type application/json. An event
// without an id gets a random UUID v4: such an append is not idempotent, so a client that
// retries must send its own ids (a retry with the same ids returns the first append's result).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"
#include "eventstore/event_store.h"

namespace eventioz::http {

inline constexpr size_t max_append_events = 1000;
inline constexpr size_t max_event_id_bytes = 256;
inline constexpr size_t max_event_type_bytes = 256;
inline constexpr size_t max_event_attribute_bytes = 1024;  // source, subject, time, ids
inline constexpr size_t max_stream_id_bytes = 1024;

// The append request for `stream` of `store`. Errors: http::errc::bad_json, invalid_request
// (naming the member, e.g. "events[2].type"), eventstore::errc::invalid_expected_version.
result<eventstore::append_request> parse_append_body(std::string_view body, std::string store,
                                                     std::string stream);

// A random UUID v4 (RFC 9562 §5.4) in its 36-character text form.
std::string random_uuid_v4();

}  // namespace eventioz::http
