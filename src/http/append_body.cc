// The append body (append_body.h): every member checked before the store sees the request.
#include "http/append_body.h"

#include <fmt/format.h>

#include <random>
#include <set>

#include "base/utf8.h"
#include "eventstore/errc.h"
#include "http/errc.h"
#include "http/request_json.h"
#include "http/store_query.h"

namespace eventioz::http {
namespace {

using json = nlohmann::json;

error invalid(std::string message) {
  return error(make_error_code(errc::invalid_request), std::move(message));
}

result<eventstore::expected_version> parse_expected(const json& body) {
  auto found = body.find("expected_version");
  if (found == body.end() || found->is_null()) return eventstore::expected_version::any();
  if (found->is_string()) return eventstore::parse_expected_version(found->get<std::string>());
  if (found->is_number_unsigned() && found->get<uint64_t>() <= uint64_t(INT64_MAX)) {
    return eventstore::expected_version::exact(found->get<int64_t>());
  }
  return error(make_error_code(eventstore::errc::invalid_expected_version),
               fmt::format("expected_version must be \"any\", \"no_stream\", \"exists\" or a "
                           "stream version >= 0 (a number or a decimal string), not {}",
                           found->dump()));
}

// The optional string member `name` of `event` (at most `max_bytes`) into `out`.
status optional_string(const json& event, size_t index, const char* name, size_t max_bytes,
                       std::string& out) {
  auto found = event.find(name);
  if (found == event.end() || found->is_null()) return {};
  if (!found->is_string() || found->get_ref<const std::string&>().empty() ||
      found->get_ref<const std::string&>().size() > max_bytes) {
    return invalid(fmt::format("events[{}].{} must be a non-empty string of at most {} bytes",
                               index, name, max_bytes));
  }
  out = found->get<std::string>();
  return {};
}

result<eventstore::event_to_write> parse_event(const json& event, size_t index) {
  if (!event.is_object()) {
    return invalid(
        fmt::format("events[{}] must be an object such as {{\"type\": "
                    "\"Deposited\", \"data\": {{\"amount\": 10}}}}",
                    index));
  }
  EVENTIOZ_RETURN_IF_ERROR(check_members(
      event, fmt::format("events[{}]", index),
      {"type", "data", "id", "source", "subject", "time", "correlation_id", "causation_id"}));
  eventstore::event_to_write out;
  auto type = event.find("type");
  if (type == event.end() || !type->is_string() || type->get_ref<const std::string&>().empty() ||
      type->get_ref<const std::string&>().size() > max_event_type_bytes) {
    return invalid(
        fmt::format("events[{}].type is required: the event's type name, 1 to {} "
                    "bytes, e.g. \"Deposited\"",
                    index, max_event_type_bytes));
  }
  out.type = type->get<std::string>();
  auto data = event.find("data");
  if (data == event.end()) {
    return invalid(
        fmt::format("events[{}].data is required: the event's payload, any JSON "
                    "value (e.g. {{\"amount\": 10}})",
                    index));
  }
  out.data = data->dump();
  out.content_type = "application/json";
  EVENTIOZ_RETURN_IF_ERROR(optional_string(event, index, "id", max_event_id_bytes, out.id));
  EVENTIOZ_RETURN_IF_ERROR(
      optional_string(event, index, "source", max_event_attribute_bytes, out.source));
  EVENTIOZ_RETURN_IF_ERROR(
      optional_string(event, index, "subject", max_event_attribute_bytes, out.subject));
  EVENTIOZ_RETURN_IF_ERROR(optional_string(event, index, "correlation_id",
                                           max_event_attribute_bytes, out.correlation_id));
  EVENTIOZ_RETURN_IF_ERROR(
      optional_string(event, index, "causation_id", max_event_attribute_bytes, out.causation_id));
  EVENTIOZ_RETURN_IF_ERROR(
      optional_string(event, index, "time", max_event_attribute_bytes, out.time));
  if (!out.time.empty() && !rfc3339_to_ms(out.time)) {
    return invalid(
        fmt::format("events[{}].time must be an RFC 3339 date-time such as "
                    "2026-11-25T10:00:00Z (or left out: the append time)",
                    index));
  }
  if (out.id.empty()) out.id = random_uuid_v4();
  return out;
}

}  // namespace

std::string random_uuid_v4() {
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  uint64_t high = generator();
  uint64_t low = generator();
  high = (high & ~uint64_t(0xF000)) | 0x4000;                    // version 4
  low = (low & ~(uint64_t(0xC) << 60)) | (uint64_t(0x8) << 60);  // variant 10
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xFFFF,
                     high & 0xFFFF, low >> 48, low & 0xFFFFFFFFFFFFull);
}

result<eventstore::append_request> parse_append_body(std::string_view body, std::string store,
                                                     std::string stream) {
  if (stream.size() > max_stream_id_bytes) {
    return invalid(fmt::format("the stream id is {} bytes; at most {} are allowed", stream.size(),
                               max_stream_id_bytes));
  }
  // Stream ids come back in JSON answers and URLs: text without control characters.
  for (size_t at = 0; at < stream.size();) {
    size_t length = utf8_sequence_length(stream, at);
    if (length == 0 || static_cast<unsigned char>(stream[at]) < 0x20 || stream[at] == 0x7f) {
      return invalid(
          fmt::format("the stream id has {} at byte {}; use UTF-8 text without "
                      "control characters",
                      length == 0 ? "bytes that are not UTF-8" : "a control character", at));
    }
    at += length;
  }
  EVENTIOZ_TRY(auto object, parse_json_object(body, {"expected_version", "events"}));
  eventstore::append_request request{.store = std::move(store), .stream = std::move(stream)};
  EVENTIOZ_TRY(request.expected, parse_expected(object));
  auto events = object.find("events");
  if (events == object.end() || !events->is_array() || events->empty() ||
      events->size() > max_append_events) {
    return invalid(
        fmt::format("events must be an array of 1 to {} events, e.g. "
                    "{{\"events\": [{{\"type\": \"Deposited\", \"data\": "
                    "{{\"amount\": 10}}}}]}}{}",
                    max_append_events,
                    events != object.end() && events->is_array() && !events->empty()
                        ? fmt::format(" (this one has {})", events->size())
                        : ""));
  }
  std::set<std::string_view> ids;
  request.events.reserve(events->size());
  for (size_t i = 0; i < events->size(); ++i) {
    EVENTIOZ_TRY(auto event, parse_event((*events)[i], i));
    request.events.push_back(std::move(event));
  }
  for (size_t i = 0; i < request.events.size(); ++i) {
    if (!ids.insert(request.events[i].id).second) {
      return invalid(
          fmt::format("events[{}].id '{}' is used twice in this append; each event "
                      "needs its own id",
                      i, request.events[i].id));
    }
  }
  return request;
}

}  // namespace eventioz::http
