// An event of an event store as the HTTP API shows it (stream reads, whole-store reads,
// subscriptions):
//   {"stream":"account-7","version":3,"partition":1,"offset":42,"id":"e-9",
//    "type":"deposited","time":"2026-11-25T00:10:00Z","timestamp":1795566600000,
//    "source":"/eventioz/stores/bank","content_type":"application/json","data":{"amount":5}}
// `data` is the JSON document itself when content_type is application/json (parameters such
// as charset allowed) and the bytes are valid JSON, else a JSON string (invalid UTF-8
// replaced). Attributes that are empty (id, type, time, source, subject, content_type,
// correlation_id, causation_id) are left out; a version < 0 (not known) is null.
//
// Written straight into a string (no JSON tree): subscriptions render every event they send.
#pragma once

#include <string>

#include "eventstore/event_envelope.h"

namespace eventioz::http {

void append_store_event_json(std::string& out, const eventstore::stored_event& event);

// Whether a content type is application/json (case-insensitive, parameters ignored).
bool is_json_content_type(std::string_view content_type);

}  // namespace eventioz::http
