// What an event-store subscriber asked for, parsed and checked before the connection is
// answered (every mistake is a plain 400 problem+json).
//
// GET /v1/stores/{store}/events (every partition of the store):
//   from=earliest|end        where partitions start that nothing below names (default end:
//                            only events appended from now on)
//   offsets=P:O,...          where the named partitions start (next offset, push_cursor.h)
//   types=A,B                only events of these types (the ce_type header); default all
//   Last-Event-ID / last_event_id=CURSOR: resume after that event (the cursor of every
//                            partition); it wins over offsets= and from=
//
// GET /v1/stores/{store}/streams/{stream}/events (one stream):
//   from_version=N           the first version delivered (default 0: the whole stream)
//   Last-Event-ID / last_event_id=V: the version of the last event received; delivery goes on
//                            at V + 1 (it wins over from_version)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "http/http_request.h"
#include "http/push_cursor.h"
#include "http/push_query.h"

namespace eventioz::http {

// At most this many types in types=.
inline constexpr size_t store_push_types_max = 256;

struct store_push_query {
  push_start start;  // end or earliest
  // Per partition, where it starts: offsets= overlaid with the resume cursor.
  std::optional<push_positions> positions;
  std::vector<std::string> types;  // empty: every type
};

struct stream_push_query {
  int64_t from_version = 0;
};

// Errors (invalid_argument) name the parameter and what to send instead.
result<store_push_query> parse_store_push_query(const http_request& request);
result<stream_push_query> parse_stream_push_query(const http_request& request);

}  // namespace eventioz::http
