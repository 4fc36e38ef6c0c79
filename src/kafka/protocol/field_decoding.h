// Reading the values of Kafka message fields from untrusted bytes: the helpers generated
// decoders call (generator/emit_codec.py), one per wire type.
//
// Every length and count is checked against the bytes that remain before anything is
// allocated, so a few bytes cannot make the broker reserve gigabytes. A failure is
// errc::malformed_message saying what was wrong; the generated caller adds where
// (decode_error.h). `compact` selects the flexible-version encoding (KIP-482: uvarint length
// + 1, 0 for null); otherwise lengths are int16 (strings) or int32 (bytes, records, arrays)
// with -1 for null. `null_allowed` says whether the field may be null in this version.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "base/byte_reader.h"
#include "base/bytes.h"
#include "base/result.h"
#include "kafka/protocol/decode_error.h"
#include "kafka/protocol/records_payload.h"
#include "kafka/protocol/uuid.h"

namespace eventioz::kafka::protocol::wire {

// Fixed-size values, big-endian. A bool is true for any non-zero byte, as Kafka's own
// decoder reads it.
status read(byte_reader& reader, int8_t& value);
status read(byte_reader& reader, int16_t& value);
status read(byte_reader& reader, uint16_t& value);
status read(byte_reader& reader, int32_t& value);
status read(byte_reader& reader, int64_t& value);
status read(byte_reader& reader, double& value);
status read(byte_reader& reader, bool& value);
status read(byte_reader& reader, uuid& value);

// Strings are copied as they are (not checked to be UTF-8). A null where the field is not
// nullable is malformed.
status read_string(byte_reader& reader, bool compact, std::string& value);
status read_nullable_string(byte_reader& reader, bool compact, bool null_allowed,
                            std::optional<std::string>& value);
status read_bytes(byte_reader& reader, bool compact, byte_buffer& value);
status read_nullable_bytes(byte_reader& reader, bool compact, bool null_allowed,
                           std::optional<byte_buffer>& value);
// Records are not copied: the payload borrows the reader's bytes.
status read_records(byte_reader& reader, bool compact, records_payload& value);
status read_nullable_records(byte_reader& reader, bool compact, bool null_allowed,
                             std::optional<records_payload>& value);

// An array's element count; nullopt for a null array. Every element takes at least
// `element_size_min` bytes (1 for any element type), so the count times that must fit in what
// remains.
status read_array_count(byte_reader& reader, bool compact, bool null_allowed,
                        size_t element_size_min, std::optional<size_t>& count);

// Reads `count` elements with `read_element(byte_reader&, T&) -> status`. Storage grows with
// the elements actually read, except for trivially copyable elements (integers, uuids), whose
// count was checked against their exact size: reserving for them costs no more memory than
// the bytes received.
template <class T, class ReadElement>
status read_elements(byte_reader& reader, size_t count, std::vector<T>& values,
                     ReadElement& read_element) {
  values.clear();
  if constexpr (std::is_trivially_copyable_v<T>) values.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    EVENTIOZ_RETURN_IF_ERROR(in_element(i, read_element(reader, values.emplace_back())));
  }
  return ok_status();
}

template <class T, class ReadElement>
status read_array(byte_reader& reader, bool compact, size_t element_size_min,
                  std::vector<T>& values, ReadElement&& read_element) {
  std::optional<size_t> count;
  EVENTIOZ_RETURN_IF_ERROR(read_array_count(reader, compact, false, element_size_min, count));
  return read_elements(reader, *count, values, read_element);
}

template <class T, class ReadElement>
status read_nullable_array(byte_reader& reader, bool compact, bool null_allowed,
                           size_t element_size_min, std::optional<std::vector<T>>& values,
                           ReadElement&& read_element) {
  std::optional<size_t> count;
  EVENTIOZ_RETURN_IF_ERROR(
      read_array_count(reader, compact, null_allowed, element_size_min, count));
  if (!count) {
    values.reset();
    return ok_status();
  }
  return read_elements(reader, *count, values.emplace(), read_element);
}

// The tagged fields that end every struct in flexible versions: a uvarint count, then per
// field a uvarint tag, a uvarint size and that many bytes.
//
// read_tagged_fields calls `on_field(uint32_t tag, byte_reader& value) -> status` with a reader
// over exactly the declared bytes of each field; on_field must consume them all (a known tag
// whose value is shorter or longer than its declared size is malformed), or skip them with
// skip_tagged_field for a tag it does not know.
status read_tagged_field_count(byte_reader& reader, uint32_t& count);
status read_tagged_field(byte_reader& reader, uint32_t& tag, byte_span& value);
status check_tagged_field_consumed(uint32_t tag, const byte_reader& value);

template <class OnField>
status read_tagged_fields(byte_reader& reader, OnField&& on_field) {
  uint32_t count = 0;
  EVENTIOZ_RETURN_IF_ERROR(read_tagged_field_count(reader, count));
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t tag = 0;
    byte_span value;
    EVENTIOZ_RETURN_IF_ERROR(read_tagged_field(reader, tag, value));
    byte_reader value_reader(value);
    EVENTIOZ_RETURN_IF_ERROR(on_field(tag, value_reader));
    EVENTIOZ_RETURN_IF_ERROR(check_tagged_field_consumed(tag, value_reader));
  }
  return ok_status();
}

status skip_tagged_field(byte_reader& value);
// For structs that define no tagged fields: every field is skipped.
status skip_tagged_fields(byte_reader& reader);

}  // namespace eventioz::kafka::protocol::wire
