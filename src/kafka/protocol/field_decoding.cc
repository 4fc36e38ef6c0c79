// Reading field values from untrusted bytes (field_decoding.h).
#include "kafka/protocol/field_decoding.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <limits>

namespace eventioz::kafka::protocol::wire {
namespace {

// The width of a classic (non-compact) length: int16 for strings, int32 for the rest.
enum class length_width { int16, int32 };

error truncated(size_t needed, size_t remaining) {
  return malformed(fmt::format("truncated: needs {} bytes, {} remain", needed, remaining));
}

template <class T>
status read_integer(byte_reader& reader, T& value) {
  auto read = reader.read_big_endian<T>();
  if (!read) return truncated(sizeof(T), reader.remaining());
  value = *read;
  return ok_status();
}

// A compact length or count: uvarint N + 1, 0 for null. Kafka limits it to 32 bits.
status read_compact_length(byte_reader& reader, std::optional<uint32_t>& length) {
  auto raw = reader.read_unsigned_varint(varint32_size_max);
  if (!raw) return malformed("truncated or overlong unsigned varint length");
  if (*raw > std::numeric_limits<uint32_t>::max()) {
    return malformed(fmt::format("compact length {} does not fit in 32 bits", *raw));
  }
  length = *raw == 0 ? std::nullopt : std::optional<uint32_t>(static_cast<uint32_t>(*raw - 1));
  return ok_status();
}

status read_classic_length(byte_reader& reader, length_width width,
                           std::optional<uint32_t>& length) {
  int32_t raw = 0;
  if (width == length_width::int16) {
    int16_t narrow = 0;
    EVENTIOZ_RETURN_IF_ERROR(read_integer(reader, narrow));
    raw = narrow;
  } else {
    EVENTIOZ_RETURN_IF_ERROR(read_integer(reader, raw));
  }
  if (raw < -1) return malformed(fmt::format("negative length {}", raw));
  length = raw == -1 ? std::nullopt : std::optional<uint32_t>(static_cast<uint32_t>(raw));
  return ok_status();
}

// A length or count in either form; nullopt for null, refused when null is not allowed.
status read_length(byte_reader& reader, bool compact, length_width width, bool null_allowed,
                   std::optional<uint32_t>& length) {
  EVENTIOZ_RETURN_IF_ERROR(compact ? read_compact_length(reader, length)
                                   : read_classic_length(reader, width, length));
  if (!length && !null_allowed) return malformed("null, but the field is not nullable here");
  return ok_status();
}

// The next `length` bytes, once they are known to be there.
status read_span(byte_reader& reader, uint32_t length, byte_span& bytes) {
  auto read = reader.read_bytes(length);
  if (!read) {
    return malformed(
        fmt::format("length {} exceeds the {} bytes that remain", length, reader.remaining()));
  }
  bytes = *read;
  return ok_status();
}

// A length-prefixed value (string, bytes or records), or nullopt for null.
status read_sized(byte_reader& reader, bool compact, length_width width, bool null_allowed,
                  std::optional<byte_span>& bytes) {
  std::optional<uint32_t> length;
  EVENTIOZ_RETURN_IF_ERROR(read_length(reader, compact, width, null_allowed, length));
  if (!length) {
    bytes.reset();
    return ok_status();
  }
  byte_span read;
  EVENTIOZ_RETURN_IF_ERROR(read_span(reader, *length, read));
  bytes = read;
  return ok_status();
}

}  // namespace

status read(byte_reader& reader, int8_t& value) { return read_integer(reader, value); }
status read(byte_reader& reader, int16_t& value) { return read_integer(reader, value); }
status read(byte_reader& reader, uint16_t& value) { return read_integer(reader, value); }
status read(byte_reader& reader, int32_t& value) { return read_integer(reader, value); }
status read(byte_reader& reader, int64_t& value) { return read_integer(reader, value); }

status read(byte_reader& reader, double& value) {
  uint64_t bits = 0;
  EVENTIOZ_RETURN_IF_ERROR(read_integer(reader, bits));
  value = std::bit_cast<double>(bits);
  return ok_status();
}

status read(byte_reader& reader, bool& value) {
  uint8_t byte = 0;
  EVENTIOZ_RETURN_IF_ERROR(read_integer(reader, byte));
  value = byte != 0;
  return ok_status();
}

status read(byte_reader& reader, uuid& value) {
  auto bytes = reader.read_bytes(value.size());
  if (!bytes) return truncated(value.size(), reader.remaining());
  std::copy(bytes->begin(), bytes->end(), value.begin());
  return ok_status();
}

status read_string(byte_reader& reader, bool compact, std::string& value) {
  std::optional<byte_span> bytes;
  EVENTIOZ_RETURN_IF_ERROR(read_sized(reader, compact, length_width::int16, false, bytes));
  value.assign(as_string_view(*bytes));
  return ok_status();
}

status read_nullable_string(byte_reader& reader, bool compact, bool null_allowed,
                            std::optional<std::string>& value) {
  std::optional<byte_span> bytes;
  EVENTIOZ_RETURN_IF_ERROR(read_sized(reader, compact, length_width::int16, null_allowed, bytes));
  if (bytes) {
    value.emplace(as_string_view(*bytes));
  } else {
    value.reset();
  }
  return ok_status();
}

status read_bytes(byte_reader& reader, bool compact, byte_buffer& value) {
  std::optional<byte_span> bytes;
  EVENTIOZ_RETURN_IF_ERROR(read_sized(reader, compact, length_width::int32, false, bytes));
  value.assign(bytes->begin(), bytes->end());
  return ok_status();
}

status read_nullable_bytes(byte_reader& reader, bool compact, bool null_allowed,
                           std::optional<byte_buffer>& value) {
  std::optional<byte_span> bytes;
  EVENTIOZ_RETURN_IF_ERROR(read_sized(reader, compact, length_width::int32, null_allowed, bytes));
  if (bytes) {
    value.emplace(bytes->begin(), bytes->end());
  } else {
    value.reset();
  }
  return ok_status();
}

status read_records(byte_reader& reader, bool compact, records_payload& value) {
  std::optional<byte_span> bytes;
  EVENTIOZ_RETURN_IF_ERROR(read_sized(reader, compact, length_width::int32, false, bytes));
  value = records_payload(*bytes);
  return ok_status();
}

status read_nullable_records(byte_reader& reader, bool compact, bool null_allowed,
                             std::optional<records_payload>& value) {
  std::optional<byte_span> bytes;
  EVENTIOZ_RETURN_IF_ERROR(read_sized(reader, compact, length_width::int32, null_allowed, bytes));
  if (bytes) {
    value.emplace(*bytes);
  } else {
    value.reset();
  }
  return ok_status();
}

status read_array_count(byte_reader& reader, bool compact, bool null_allowed,
                        size_t element_size_min, std::optional<size_t>& count) {
  std::optional<uint32_t> length;
  EVENTIOZ_RETURN_IF_ERROR(read_length(reader, compact, length_width::int32, null_allowed, length));
  if (!length) {
    count.reset();
    return ok_status();
  }
  // 64-bit arithmetic: a 32-bit count times a size of at most 16 cannot overflow.
  uint64_t needed = uint64_t{*length} * element_size_min;
  if (needed > reader.remaining()) {
    return malformed(fmt::format("count {} needs at least {} bytes, {} remain", *length, needed,
                                 reader.remaining()));
  }
  count = *length;
  return ok_status();
}

status read_tagged_field_count(byte_reader& reader, uint32_t& count) {
  auto raw = reader.read_unsigned_varint(varint32_size_max);
  if (!raw) return malformed("tagged fields: truncated or overlong count");
  // Each field takes at least two bytes (its tag and its size).
  if (*raw > reader.remaining() / 2) {
    return malformed(
        fmt::format("tagged fields: count {} exceeds what the {} remaining bytes "
                    "can hold",
                    *raw, reader.remaining()));
  }
  count = static_cast<uint32_t>(*raw);
  return ok_status();
}

status read_tagged_field(byte_reader& reader, uint32_t& tag, byte_span& value) {
  auto raw_tag = reader.read_unsigned_varint(varint32_size_max);
  if (!raw_tag || *raw_tag > std::numeric_limits<uint32_t>::max()) {
    return malformed("tagged fields: truncated or overlong tag");
  }
  tag = static_cast<uint32_t>(*raw_tag);
  auto size = reader.read_unsigned_varint(varint32_size_max);
  if (!size) return malformed(fmt::format("tagged field {}: truncated or overlong size", tag));
  auto bytes = reader.read_bytes(*size);
  if (!bytes) {
    return malformed(fmt::format("tagged field {}: size {} exceeds the {} bytes that remain", tag,
                                 *size, reader.remaining()));
  }
  value = *bytes;
  return ok_status();
}

status check_tagged_field_consumed(uint32_t tag, const byte_reader& value) {
  if (value.at_end()) return ok_status();
  return malformed(fmt::format("tagged field {}: declared size {} but its value took {} bytes", tag,
                               value.position() + value.remaining(), value.position()));
}

status skip_tagged_field(byte_reader& value) {
  value.skip(value.remaining());
  return ok_status();
}

status skip_tagged_fields(byte_reader& reader) {
  return read_tagged_fields(reader,
                            [](uint32_t, byte_reader& value) { return skip_tagged_field(value); });
}

}  // namespace eventioz::kafka::protocol::wire
