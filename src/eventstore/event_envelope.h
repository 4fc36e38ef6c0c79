// How an event sits in a Kafka record (design §9): the stream id is the record key, the event's
// data is the value, and its attributes are CloudEvents headers in Kafka binary mode. A record
// with a key and a null value is a stream's tombstone (the stream was deleted).
//
// Header names (on-disk and on-wire: do not change):
//   ce_specversion "1.0", ce_id, ce_type, ce_source, ce_time (RFC 3339), ce_subject,
//   content-type, ce_correlationid, ce_causationid (CloudEvents extension attributes), and
//   eventioz-expected-version on an append's first record (expected_version.h).
// Records written by Kafka producers may lack any of them; such an event has an empty id and
// type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "eventstore/expected_version.h"
#include "model/record_batch.h"

namespace eventioz::eventstore {

namespace header_names {
inline constexpr std::string_view spec_version = "ce_specversion";
inline constexpr std::string_view id = "ce_id";
inline constexpr std::string_view type = "ce_type";
inline constexpr std::string_view source = "ce_source";
inline constexpr std::string_view time = "ce_time";
inline constexpr std::string_view subject = "ce_subject";
inline constexpr std::string_view content_type = "content-type";
inline constexpr std::string_view correlation_id = "ce_correlationid";
inline constexpr std::string_view causation_id = "ce_causationid";
inline constexpr std::string_view expected_version = "eventioz-expected-version";
}  // namespace header_names

// One event as an appender gives it.
struct event_to_write {
  std::string id;    // unique per event; the idempotency key of retries
  std::string type;  // required, non-empty
  std::string data;  // the payload bytes (JSON text for application/json)
  std::string content_type = "application/json";
  std::string source;  // CloudEvents source; empty: "/eventioz/stores/<store>"
  std::string subject;
  std::string time;  // RFC 3339; empty: the append time
  std::string correlation_id;
  std::string causation_id;
};

// One event as stored, with where it is.
struct stored_event {
  std::string stream;
  int64_t version = -1;
  int32_t partition = -1;
  int64_t offset = -1;
  int64_t timestamp_ms = 0;  // the record's timestamp
  std::string id;
  std::string type;
  std::string source;
  std::string subject;
  std::string time;
  std::string content_type;
  std::string correlation_id;
  std::string causation_id;
  std::string data;
};

// What the store reads from a record's headers and value.
struct event_attributes {
  std::string id;
  std::string type;
  std::optional<expected_version> expected;  // the header, when present and valid
  bool expected_malformed = false;           // the header is present but does not parse
  bool tombstone = false;                    // null value
};

// The batch for one append: one record per event, key = `stream`, all with `timestamp_ms`,
// the expected version on the first record. errc::invalid_event when a field is too long for
// the record format.
result<byte_buffer> build_append_batch(std::string_view stream, const std::string& store,
                                       const std::vector<event_to_write>& events,
                                       const expected_version& expected, int64_t timestamp_ms);

// The tombstone record batch that deletes `stream`.
result<byte_buffer> build_tombstone_batch(std::string_view stream, int64_t timestamp_ms);

// The attributes the guard checks, read from a decoded record.
event_attributes attributes_of(const model::record& record);

// The event a record holds (stream, version, partition and offset left for the caller).
stored_event event_of(const model::record& record);

}  // namespace eventioz::eventstore
