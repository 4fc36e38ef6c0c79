// Events in Kafka records: building an append's batch and reading attributes back.
#include "eventstore/event_envelope.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "eventstore/errc.h"

namespace eventioz::eventstore {
namespace {

byte_buffer bytes_of(std::string_view text) {
  const auto* begin = reinterpret_cast<const uint8_t*>(text.data());
  return byte_buffer(begin, begin + text.size());
}

std::string_view text_of(const byte_buffer& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

void add_header(std::vector<model::record_header>& headers, std::string_view name,
                std::string_view value) {
  if (value.empty()) return;
  headers.push_back({std::string(name), bytes_of(value)});
}

// RFC 3339 in UTC with milliseconds, e.g. 2026-11-25T01:02:03.456Z.
std::string rfc3339(int64_t timestamp_ms) {
  std::time_t seconds = static_cast<std::time_t>(timestamp_ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", parts.tm_year + 1900,
                     parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                     timestamp_ms % 1000);
}

}  // namespace

result<byte_buffer> build_append_batch(std::string_view stream, const std::string& store,
                                       const std::vector<event_to_write>& events,
                                       const expected_version& expected, int64_t timestamp_ms) {
  std::vector<model::record_to_write> records;
  records.reserve(events.size());
  std::string default_source = "/eventioz/stores/" + store;
  std::string now = rfc3339(timestamp_ms);
  for (size_t i = 0; i < events.size(); ++i) {
    const event_to_write& event = events[i];
    model::record_to_write record;
    record.key = bytes_of(stream);
    record.value = bytes_of(event.data);
    record.timestamp = timestamp_ms;
    add_header(record.headers, header_names::spec_version, "1.0");
    add_header(record.headers, header_names::id, event.id);
    add_header(record.headers, header_names::type, event.type);
    add_header(record.headers, header_names::source,
               event.source.empty() ? default_source : event.source);
    add_header(record.headers, header_names::time, event.time.empty() ? now : event.time);
    add_header(record.headers, header_names::subject, event.subject);
    add_header(record.headers, header_names::content_type, event.content_type);
    add_header(record.headers, header_names::correlation_id, event.correlation_id);
    add_header(record.headers, header_names::causation_id, event.causation_id);
    if (i == 0) add_header(record.headers, header_names::expected_version, expected.to_string());
    records.push_back(std::move(record));
  }
  auto batch = model::build_batch(records, {});
  if (!batch) {
    return error(errc::invalid_event, fmt::format("the events do not fit in a record batch: {}",
                                                  batch.error_value().message()));
  }
  return std::move(*batch);
}

result<byte_buffer> build_tombstone_batch(std::string_view stream, int64_t timestamp_ms) {
  model::record_to_write record;
  record.key = bytes_of(stream);
  record.timestamp = timestamp_ms;
  // The stream must exist to be deleted (the guard answers wrong_expected_version otherwise).
  add_header(record.headers, header_names::expected_version, "exists");
  auto batch = model::build_batch({record}, {});
  if (!batch) return error(errc::invalid_event, batch.error_value().message());
  return std::move(*batch);
}

event_attributes attributes_of(const model::record& record) {
  event_attributes attributes;
  attributes.tombstone = !record.value.has_value();
  for (const model::record_header& header : record.headers) {
    if (!header.value) continue;
    std::string_view value = text_of(*header.value);
    if (header.key == header_names::id) {
      attributes.id = value;
    } else if (header.key == header_names::type) {
      attributes.type = value;
    } else if (header.key == header_names::expected_version) {
      auto parsed = parse_expected_version(value);
      if (parsed) {
        attributes.expected = *parsed;
      } else {
        attributes.expected_malformed = true;
      }
    }
  }
  return attributes;
}

stored_event event_of(const model::record& record) {
  stored_event event;
  if (record.key) event.stream = text_of(*record.key);
  if (record.value) event.data = text_of(*record.value);
  event.offset = record.record_offset.value();
  event.timestamp_ms = record.timestamp;
  for (const model::record_header& header : record.headers) {
    if (!header.value) continue;
    std::string_view value = text_of(*header.value);
    if (header.key == header_names::id) {
      event.id = value;
    } else if (header.key == header_names::type) {
      event.type = value;
    } else if (header.key == header_names::source) {
      event.source = value;
    } else if (header.key == header_names::subject) {
      event.subject = value;
    } else if (header.key == header_names::time) {
      event.time = value;
    } else if (header.key == header_names::content_type) {
      event.content_type = value;
    } else if (header.key == header_names::correlation_id) {
      event.correlation_id = value;
    } else if (header.key == header_names::causation_id) {
      event.causation_id = value;
    }
  }
  return event;
}

}  // namespace eventioz::eventstore
