// Writing field values (field_encoding.h).
#include "kafka/protocol/field_encoding.h"

#include <bit>
#include <limits>

#include "base/assert.h"

namespace eventioz::kafka::protocol::wire {
namespace {

// The width of a classic (non-compact) length: int16 for strings, int32 for the rest.
enum class length_width { int16, int32 };

// Lengths and counts: compact uvarint N + 1, or classic int16 / int32.
void write_length(wire_writer& writer, bool compact, length_width width, size_t length) {
  if (compact) {
    writer.write_unsigned_varint(uint64_t{length} + 1);
  } else if (width == length_width::int16) {
    EVENTIOZ_ASSERT(length <= size_t{std::numeric_limits<int16_t>::max()},
                    "a string of {} bytes has no int16 length", length);
    writer.write_int16(static_cast<int16_t>(length));
  } else {
    EVENTIOZ_ASSERT(length <= size_t{std::numeric_limits<int32_t>::max()},
                    "{} bytes or elements have no int32 length", length);
    writer.write_int32(static_cast<int32_t>(length));
  }
}

void write_null(wire_writer& writer, bool compact, length_width width) {
  if (compact) {
    writer.write_unsigned_varint(0);
  } else if (width == length_width::int16) {
    writer.write_int16(-1);
  } else {
    writer.write_int32(-1);
  }
}

}  // namespace

void write(wire_writer& writer, int8_t value) { writer.write_int8(value); }
void write(wire_writer& writer, int16_t value) { writer.write_int16(value); }
void write(wire_writer& writer, uint16_t value) { writer.write_uint16(value); }
void write(wire_writer& writer, int32_t value) { writer.write_int32(value); }
void write(wire_writer& writer, int64_t value) { writer.write_int64(value); }
void write(wire_writer& writer, double value) { writer.write_float64(value); }
void write(wire_writer& writer, bool value) { writer.write_bool(value); }
void write(wire_writer& writer, const uuid& value) { writer.write_raw(value); }

void write_string(wire_writer& writer, bool compact, std::string_view value) {
  write_length(writer, compact, length_width::int16, value.size());
  writer.write_raw(as_bytes(value));
}

void write_nullable_string(wire_writer& writer, bool compact, bool null_allowed,
                           const std::optional<std::string>& value) {
  if (value) {
    write_string(writer, compact, *value);
  } else if (null_allowed) {
    write_null(writer, compact, length_width::int16);
  } else {
    write_string(writer, compact, {});
  }
}

void write_bytes(wire_writer& writer, bool compact, byte_span value) {
  write_length(writer, compact, length_width::int32, value.size());
  writer.write_raw(value);
}

void write_nullable_bytes(wire_writer& writer, bool compact, bool null_allowed,
                          const std::optional<byte_buffer>& value) {
  if (value) {
    write_bytes(writer, compact, *value);
  } else if (null_allowed) {
    write_null(writer, compact, length_width::int32);
  } else {
    write_bytes(writer, compact, {});
  }
}

void write_records(wire_writer& writer, bool compact, const records_payload& value) {
  write_length(writer, compact, length_width::int32, value.size_bytes());
  writer.write_records_chunks(value);
}

void write_nullable_records(wire_writer& writer, bool compact, bool null_allowed,
                            const std::optional<records_payload>& value) {
  if (value) {
    write_records(writer, compact, *value);
  } else if (null_allowed) {
    write_null(writer, compact, length_width::int32);
  } else {
    write_records(writer, compact, records_payload());
  }
}

void write_array_count(wire_writer& writer, bool compact, size_t count) {
  write_length(writer, compact, length_width::int32, count);
}

void write_null_array(wire_writer& writer, bool compact) {
  write_null(writer, compact, length_width::int32);
}

uint64_t count_true(std::initializer_list<bool> flags) {
  uint64_t count = 0;
  for (bool flag : flags) count += flag ? 1 : 0;
  return count;
}

void write_tagged_field(wire_writer& writer, uint32_t tag, const byte_buffer& value) {
  writer.write_unsigned_varint(tag);
  writer.write_unsigned_varint(value.size());
  writer.write_raw(value);
}

}  // namespace eventioz::kafka::protocol::wire
