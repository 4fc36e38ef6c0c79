// The topic subscription's renderer: push_filter, record JSON, the cursor as event id.
#include "http/push_renderer.h"

#include "http/record_json.h"

namespace eventioz::http {

push_decision topic_push_renderer::decide(int32_t, const model::record& record) {
  return _filter.matches(record) ? push_decision::deliver : push_decision::skip;
}

void topic_push_renderer::append_json(std::string& out, int32_t partition,
                                      const model::record& record) {
  append_record_json(out, _topic, partition, record);
}

void topic_push_renderer::append_event_id(std::string& out, const push_positions& cursor) const {
  append_push_cursor(out, cursor);
}

}  // namespace eventioz::http
