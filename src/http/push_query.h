// What a push subscriber asked for (GET /v1/topics/{topic}/events): which partitions, where
// to start, which records to keep, and where to resume. Parsed and checked before the
// connection is answered, so every mistake is a plain 400 problem+json.
//
//   partition=P                 one partition (default: every partition of the topic)
//   offset=N|earliest|latest    start of each partition (N: the first offset >= N)
//   timestamp=MS                start at the first record with a timestamp >= MS
//   (neither)                   the end: only records produced from now on
//   key=K                       only records whose key is the UTF-8 bytes of K
//   header=NAME:VALUE           only records carrying header NAME with value VALUE (one
//                               header filter; a repeated parameter keeps its last value)
//   Last-Event-ID (SSE header) or last_event_id=CURSOR: resume after that event; it overrides
//                               the start of every partition it names (push_cursor.h)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "base/result.h"
#include "http/http_request.h"
#include "http/push_cursor.h"
#include "model/record_batch.h"

namespace eventioz::http {

enum class push_start_kind { end, earliest, offset, timestamp };

struct push_start {
  push_start_kind kind = push_start_kind::end;
  int64_t value = 0;  // the offset or the timestamp
};

// Which records are delivered. Empty: every record.
struct push_filter {
  std::optional<std::string> key;
  std::optional<std::pair<std::string, std::string>> header;  // name, value

  bool matches(const model::record& record) const;
};

struct push_query {
  std::optional<int32_t> partition;
  push_start start;
  push_filter filter;
  std::optional<push_positions> resume;
};

// Errors (invalid_argument) name the parameter and what to send instead.
result<push_query> parse_push_query(const http_request& request);

// The id of the last event a subscriber got, to resume after it: the Last-Event-ID header
// (what EventSource sends on reconnecting) when present and not empty, else the last_event_id
// parameter (for clients that cannot set headers: a first EventSource connection, a WebSocket
// from a browser); nullopt when neither is given.
std::optional<std::string> last_event_id(const http_request& request);

}  // namespace eventioz::http
