// Event-store records as pushed events: filters, versions, ids.
#include "http/store_push_renderer.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "eventstore/event_envelope.h"
#include "http/store_json.h"

namespace eventioz::http {
namespace {

std::string_view as_text(const byte_buffer& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

bool has_type(const model::record& record, const std::vector<std::string>& types) {
  for (const model::record_header& header : record.headers) {
    if (header.key != eventstore::header_names::type || !header.value) continue;
    return std::find(types.begin(), types.end(), as_text(*header.value)) != types.end();
  }
  return false;
}

// The event of `record`, with where it is.
eventstore::stored_event located_event(const model::record& record, int32_t partition,
                                       int64_t version) {
  eventstore::stored_event event = eventstore::event_of(record);
  if (record.key) event.stream = std::string(as_text(*record.key));
  event.version = version;
  event.partition = partition;
  event.offset = record.record_offset.value();
  event.timestamp_ms = record.timestamp;
  return event;
}

}  // namespace

store_push_renderer::store_push_renderer(version_lookup version_of, std::vector<std::string> types)
    : _version_of(std::move(version_of)), _types(std::move(types)) {}

push_decision store_push_renderer::decide(int32_t, const model::record& record) {
  if (!record.value) return push_decision::skip;  // a stream's tombstone
  if (!_types.empty() && !has_type(record, _types)) return push_decision::skip;
  return push_decision::deliver;
}

void store_push_renderer::append_json(std::string& out, int32_t partition,
                                      const model::record& record) {
  int64_t version = _version_of(partition, record.record_offset.value()).value_or(-1);
  append_event_json(out, located_event(record, partition, version));
}

void store_push_renderer::append_event_id(std::string& out, const push_positions& cursor) const {
  append_push_cursor(out, cursor);
}

stream_push_renderer::stream_push_renderer(std::string store_name, std::string stream,
                                           int64_t first_version, int64_t from_version)
    : _store_name(std::move(store_name)),
      _stream(std::move(stream)),
      _next_version(first_version),
      _from_version(from_version) {}

push_decision stream_push_renderer::decide(int32_t, const model::record& record) {
  if (!record.key || as_text(*record.key) != _stream) return push_decision::skip;
  if (!record.value) return push_decision::end;  // the tombstone: no version, nothing after
  int64_t version = _next_version++;
  if (version < _from_version) return push_decision::skip;
  _delivered_version = version;
  return push_decision::deliver;
}

void stream_push_renderer::append_json(std::string& out, int32_t partition,
                                       const model::record& record) {
  append_event_json(out, located_event(record, partition, _delivered_version));
}

void stream_push_renderer::append_event_id(std::string& out, const push_positions&) const {
  fmt::format_to(std::back_inserter(out), "{}", _delivered_version);
}

std::string stream_push_renderer::end_reason() const {
  return fmt::format("stream '{}' of store '{}' was deleted", _stream, _store_name);
}

}  // namespace eventioz::http
