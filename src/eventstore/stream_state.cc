// A stream's state, now or as of a version or a time: the newest snapshot at or before the
// target, then a fold of the events after it. Folding writes the snapshots it passes (every
// snapshot.interval versions, after versions N-1, 2N-1, ...), so the first read of a long
// stream pays for the fold once and later reads start near their target.
#include <fmt/format.h>

#include "eventstore/errc.h"
#include "eventstore/event_data.h"
#include "eventstore/event_store.h"
#include "eventstore/reducer_spec.h"
#include "eventstore/stream_index.h"
#include "eventstore/stream_partition.h"

namespace eventioz::eventstore {
namespace {

// Events read from the index per step of a fold.
constexpr size_t fold_page_events = 1000;

}  // namespace

result<std::shared_ptr<const reducer>> event_store::reducer_for(const store_info& store,
                                                                const nlohmann::json& spec) const {
  if (spec.is_null()) return make_reducer(std::string_view(store.settings.reducer_spec), _reducers);
  return make_reducer(spec, _reducers);
}

result<int64_t> event_store::version_at_time(const partition_key& key, const std::string& stream,
                                             int64_t last_version, int64_t time_ms) const {
  // The last version whose timestamp is at or before time_ms (-1: none). Timestamps of a
  // stream's events do not decrease when the broker stamps them (store appends); a binary
  // search over the versions then finds it in log2(n) index reads.
  int64_t low = 0;
  int64_t high = last_version;
  int64_t found = -1;
  while (low <= high) {
    int64_t middle = low + (high - low) / 2;
    EVENTIOZ_TRY(auto event, _index->event(key, stream, middle));
    if (!event) return error(errc::index_failed, "a stream's version is missing from the index");
    if (event->timestamp_ms <= time_ms) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

result<stream_state> event_store::state(const state_request& request) const {
  EVENTIOZ_TRY(located_stream found, locate_stream(request.store, request.stream));
  const store_info& store = found.store;
  const partition_key& key = found.key;
  EVENTIOZ_TRY(auto folding, reducer_for(store, request.reducer));
  const stream_head& head = found.head;
  int64_t last = head.next_version - 1;
  int64_t target = last;
  if (request.as_of_version) {
    target = *request.as_of_version;
    if (target < 0 || target > last) {
      return error(errc::version_out_of_range,
                   fmt::format("stream '{}' has versions 0 to {}; as_of_version {} is outside them",
                               request.stream, last, target));
    }
  } else if (request.as_of_time_ms) {
    EVENTIOZ_TRY(target, version_at_time(key, request.stream, last, *request.as_of_time_ms));
  }

  stream_state result;
  result.state = folding->initial_state();
  int64_t next = 0;
  int64_t interval = store.settings.snapshot_interval;
  if (interval > 0 && target >= 0) {
    EVENTIOZ_TRY(auto snapshot,
                 _index->snapshot_at_or_before(key, request.stream, folding->identity(), target));
    if (snapshot) {
      auto parsed = nlohmann::json::parse(snapshot->state, nullptr, false);
      if (!parsed.is_discarded()) {
        result.state = std::move(parsed);
        result.snapshot_version = snapshot->version;
        result.version = snapshot->version;
        result.timestamp_ms = snapshot->timestamp_ms;
        next = snapshot->version + 1;
      }
    }
  }
  while (next <= target) {
    size_t wanted = static_cast<size_t>(std::min<int64_t>(target - next + 1, fold_page_events));
    EVENTIOZ_TRY(auto events, _index->events(key, request.stream, next, false, wanted));
    if (events.empty()) break;
    for (const stored_event& event : events) {
      nlohmann::json data = parse_event_data(event.data);
      event_view view{.stream = event.stream,
                      .version = event.version,
                      .type = event.type,
                      .data = data,
                      .timestamp_ms = event.timestamp_ms};
      status applied = folding->apply(result.state, view);
      if (!applied) return applied.error_value();
      result.version = event.version;
      result.timestamp_ms = event.timestamp_ms;
      ++result.events_folded;
      if (interval > 0 && (event.version + 1) % interval == 0) {
        // A stream deleted while this fold ran keeps no snapshot (its data must go; deletion
        // removed the snapshots that existed when it was indexed).
        EVENTIOZ_TRY(stream_head now, _index->head(key, request.stream));
        if (now.deleted) {
          return error(errc::stream_deleted, fmt::format("stream '{}' of store '{}' was deleted",
                                                         request.stream, request.store));
        }
        EVENTIOZ_RETURN_IF_ERROR(_index->put_snapshot(
            key, request.stream, folding->identity(),
            {.version = event.version,
             .timestamp_ms = event.timestamp_ms,
             .state =
                 result.state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)}));
      }
    }
    next = events.back().version + 1;
  }
  if (result.version != target) {
    return error(errc::index_failed,
                 fmt::format("stream '{}': the index has no event at version {}", request.stream,
                             result.version + 1));
  }
  return result;
}

}  // namespace eventioz::eventstore
