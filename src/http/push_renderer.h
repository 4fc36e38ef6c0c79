// What a push subscription delivers, and how: the customisation point between the push
// machinery (push_session: reading, flow control, waiting; the SSE and WebSocket transports:
// framing) and what is subscribed to. A topic subscription delivers the records a push_filter
// keeps as record JSON (topic_push_renderer); an event-store subscription delivers events as
// store event JSON, with stream versions and its own SSE ids (store_push_renderer.h).
//
// push_session calls decide() once for every record it reads, in offset order per partition,
// and only for records it goes on to deliver or skip (a record left for the next chunk is
// decided when it is read again); the transport then calls sse_event_id() and append_json() for
// each record decided `deliver`, in the same order. A renderer may so keep state (a stream's
// version count). Owned by its session, used only on the session's shard.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/push_cursor.h"
#include "http/push_query.h"
#include "model/record_batch.h"

namespace eventioz::http {

enum class push_decision {
  skip,     // not for this subscriber
  deliver,  // render it
  end,      // the subscription ends before this record (end_code(), end_reason())
};

class push_renderer {
 public:
  virtual ~push_renderer() = default;

  virtual push_decision decide(int32_t partition, const model::record& record) = 0;
  // Appends the JSON of the record decide() just kept.
  virtual void append_json(std::string& out, int32_t partition, const model::record& record) = 0;
  // Appends the SSE `id` of that record: what the subscriber sends back as Last-Event-ID to go
  // on after it. `cursor` is the session's resume cursor, already past the record.
  virtual void append_event_id(std::string& out, const push_positions& cursor) const = 0;
  // The SSE `event` field of each delivered record.
  virtual std::string_view sse_event_name() const = 0;
  // After decide() answered `end`: the WebSocket close code (4000-4999) and the reason sent to
  // the subscriber (SSE error event, close frame).
  virtual uint16_t end_code() const { return 0; }
  virtual std::string end_reason() const { return {}; }
};

// GET /v1/topics/{topic}/events: the records `filter` keeps as record JSON (record_json.h),
// SSE event "record", id = the cursor.
class topic_push_renderer final : public push_renderer {
 public:
  topic_push_renderer(std::string topic, push_filter filter)
      : _topic(std::move(topic)), _filter(std::move(filter)) {}

  push_decision decide(int32_t partition, const model::record& record) override;
  void append_json(std::string& out, int32_t partition, const model::record& record) override;
  void append_event_id(std::string& out, const push_positions& cursor) const override;
  std::string_view sse_event_name() const override { return "record"; }

 private:
  std::string _topic;
  push_filter _filter;
};

}  // namespace eventioz::http
