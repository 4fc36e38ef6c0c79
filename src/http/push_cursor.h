// The resume cursor of push delivery: the SSE `id` of every event, which a client sends back
// as `Last-Event-ID` (or `last_event_id=`) to continue exactly after that event.
//
// Format: the next offset to deliver of every subscribed partition, in partition order,
//   "<partition>:<offset>[,<partition>:<offset>...]"     e.g. "0:43,1:17"
// Partitions are decimal int32 >= 0 (each at most once), offsets decimal int64 >= 0. It names
// every partition (not only the event's), so one event id resumes the whole subscription:
// records of other partitions that were read but filtered out are not read again, and none
// that were not yet delivered are skipped.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/result.h"

namespace eventioz::http {

// Partition index -> next offset.
using push_positions = std::map<int32_t, int64_t>;

// Errors (invalid_argument): the message says what is wrong and what a cursor looks like.
result<push_positions> parse_push_cursor(std::string_view text);

// Appends the cursor of `positions` to `out`.
void append_push_cursor(std::string& out, const push_positions& positions);

}  // namespace eventioz::http
