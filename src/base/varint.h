// Variable-length integers as Kafka encodes them (protobuf style, little-endian groups of 7
// bits): unsigned varints for compact lengths, zigzag varints for record fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.h"

namespace eventioz {

inline constexpr size_t varint32_size_max = 5;
inline constexpr size_t varint64_size_max = 10;

constexpr uint64_t zigzag_encode(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
constexpr int64_t zigzag_decode(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

// Appends `value` as an unsigned varint.
inline void append_unsigned_varint(byte_buffer& to, uint64_t value) {
  while (value >= 0x80) {
    to.push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  to.push_back(static_cast<uint8_t>(value));
}

inline void append_signed_varint(byte_buffer& to, int64_t value) {
  append_unsigned_varint(to, zigzag_encode(value));
}

constexpr size_t unsigned_varint_size(uint64_t value) {
  size_t size = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++size;
  }
  return size;
}

constexpr size_t signed_varint_size(int64_t value) {
  return unsigned_varint_size(zigzag_encode(value));
}

struct decoded_varint {
  uint64_t value;
  size_t size_bytes;
};

// Decodes an unsigned varint of at most `size_max` bytes from the front of `from`.
// Returns nullopt when the bytes end before the varint does or it is longer than `size_max`.
inline std::optional<decoded_varint> decode_unsigned_varint(byte_span from, size_t size_max) {
  uint64_t value = 0;
  for (size_t i = 0; i < from.size() && i < size_max; ++i) {
    uint8_t byte = from[i];
    value |= static_cast<uint64_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) return decoded_varint{value, i + 1};
  }
  return std::nullopt;
}

}  // namespace eventioz
