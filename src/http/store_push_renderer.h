// What event-store subscriptions deliver (push_renderer.h): the records of a store's partitions
// as the event JSON of the REST routes (store_json.h: event_json), SSE event "event".
//
// store_push_renderer (GET /v1/stores/{store}/events): every event of the store, or those of
// some types (the ce_type header); versions from the stream index (event_store::version_of:
// the guard indexes an append before its records become readable; null if the index failed). A
// stream's tombstone is not an event: it is skipped. SSE id: the session's cursor of every
// partition (push_cursor.h).
//
// stream_push_renderer (GET /v1/stores/{store}/streams/{stream}/events): the records of one
// stream (key == the stream id) in its partition, which holds them in offset order, so versions
// are counted: the first stream record the session reads has `first_version` (the index said
// which offset holds it, or where the stream will continue), and each next one is one more.
// Events before `from_version` are skipped. The stream's tombstone ends the subscription
// (WebSocket close 4410, SSE error event). SSE id: the version of the event.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/push_renderer.h"

namespace eventioz::http {

// WebSocket close code (private range) of a stream subscription whose stream was deleted.
inline constexpr uint16_t close_stream_deleted = 4410;

class store_push_renderer final : public push_renderer {
 public:
  // The stream version of the event at an offset of a partition (event_store::version_of).
  using version_lookup = std::function<std::optional<int64_t>(int32_t partition, int64_t offset)>;

  store_push_renderer(version_lookup version_of, std::vector<std::string> types);

  push_decision decide(int32_t partition, const model::record& record) override;
  void append_json(std::string& out, int32_t partition, const model::record& record) override;
  void append_event_id(std::string& out, const push_positions& cursor) const override;
  std::string_view sse_event_name() const override { return "event"; }

 private:
  version_lookup _version_of;
  int64_t _delivered_version = -1;  // of the event decide() just kept
  std::vector<std::string> _types;
};

class stream_push_renderer final : public push_renderer {
 public:
  stream_push_renderer(std::string store_name, std::string stream, int64_t first_version,
                       int64_t from_version);

  push_decision decide(int32_t partition, const model::record& record) override;
  void append_json(std::string& out, int32_t partition, const model::record& record) override;
  void append_event_id(std::string& out, const push_positions& cursor) const override;
  std::string_view sse_event_name() const override { return "event"; }
  uint16_t end_code() const override { return close_stream_deleted; }
  std::string end_reason() const override;

 private:
  std::string _store_name;
  std::string _stream;
  int64_t _next_version;  // of the next stream record read
  int64_t _from_version;
  int64_t _delivered_version = -1;  // of the event decide() just kept
};

}  // namespace eventioz::http
