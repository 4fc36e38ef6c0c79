// Writing the values of Kafka message fields: the helpers generated encoders call
// (generator/emit_codec.py), one per wire type, the mirror of field_decoding.h.
//
// `compact` selects the flexible-version encoding (uvarint length + 1, 0 for null). A
// nullable member that holds nullopt is written as null where `null_allowed` (the field may
// be null in this version), else as empty: "no topics" and "null topics" differ only in the
// versions that have null.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "kafka/protocol/records_payload.h"
#include "kafka/protocol/uuid.h"
#include "kafka/protocol/wire_writer.h"

namespace eventioz::kafka::protocol::wire {

void write(wire_writer& writer, int8_t value);
void write(wire_writer& writer, int16_t value);
void write(wire_writer& writer, uint16_t value);
void write(wire_writer& writer, int32_t value);
void write(wire_writer& writer, int64_t value);
void write(wire_writer& writer, double value);
void write(wire_writer& writer, bool value);
void write(wire_writer& writer, const uuid& value);

// REQUIRES (classic form): a string of at most 32767 bytes, bytes and records of at most
// 2^31 - 1 (the int16 / int32 length). Both are asserted: a longer value is a bug upstream.
void write_string(wire_writer& writer, bool compact, std::string_view value);
void write_nullable_string(wire_writer& writer, bool compact, bool null_allowed,
                           const std::optional<std::string>& value);
void write_bytes(wire_writer& writer, bool compact, byte_span value);
void write_nullable_bytes(wire_writer& writer, bool compact, bool null_allowed,
                          const std::optional<byte_buffer>& value);
// The size, then the chunks as they are: file slices stay slices (sent with sendfile).
void write_records(wire_writer& writer, bool compact, const records_payload& value);
void write_nullable_records(wire_writer& writer, bool compact, bool null_allowed,
                            const std::optional<records_payload>& value);

void write_array_count(wire_writer& writer, bool compact, size_t count);
void write_null_array(wire_writer& writer, bool compact);

// `write_element(wire_writer&, const T&)` writes one element.
template <class T, class WriteElement>
void write_array(wire_writer& writer, bool compact, const std::vector<T>& values,
                 WriteElement&& write_element) {
  write_array_count(writer, compact, values.size());
  for (const T& value : values) write_element(writer, value);
}

template <class T, class WriteElement>
void write_nullable_array(wire_writer& writer, bool compact, bool null_allowed,
                          const std::optional<std::vector<T>>& values,
                          WriteElement&& write_element) {
  if (values) {
    write_array(writer, compact, *values, write_element);
  } else if (null_allowed) {
    write_null_array(writer, compact);
  } else {
    write_array_count(writer, compact, 0);
  }
}

// How many of the tagged fields will be written (the count that precedes them).
uint64_t count_true(std::initializer_list<bool> flags);

// One tagged field: its tag, its size, its value (encoded beforehand into its own writer).
void write_tagged_field(wire_writer& writer, uint32_t tag, const byte_buffer& value);

}  // namespace eventioz::kafka::protocol::wire
