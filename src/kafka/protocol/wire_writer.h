// Where generated encoders write a message: a growing buffer, cut into chunks where a records
// field carries file slices, so responses can be sent with sendfile(2) without copying.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "base/bytes.h"
#include "kafka/protocol/records_payload.h"

namespace eventioz::kafka::protocol {

using output_chunk = std::variant<byte_buffer, file_slice>;

// Not thread-safe; one per message being encoded.
class wire_writer {
 public:
  void write_int8(int8_t value);
  void write_int16(int16_t value);
  void write_uint16(uint16_t value);
  void write_int32(int32_t value);
  void write_int64(int64_t value);
  void write_float64(double value);
  void write_bool(bool value);
  void write_unsigned_varint(uint64_t value);
  void write_raw(byte_span bytes);
  // Records' chunks as they are: bytes copied inline, file slices kept as their own chunk.
  void write_records_chunks(const records_payload& records);

  // Bytes written so far (including file slices).
  uint64_t size_bytes() const { return _size_bytes; }

  // The chunks, in order. The writer is empty afterwards.
  std::vector<output_chunk> take_chunks();

  // For tagged fields, whose size precedes them: encode into a nested writer, then copy its
  // bytes. (Tagged fields never hold records, so the nested writer is one byte chunk.)
  byte_buffer take_bytes();

 private:
  byte_buffer& current();

  std::vector<output_chunk> _chunks;
  uint64_t _size_bytes = 0;
};

}  // namespace eventioz::kafka::protocol
