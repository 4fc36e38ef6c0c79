// A cursor over untrusted bytes. Every read checks the bytes that remain first and answers
// nullopt instead of reading past the end, so parsers of network and disk data never allocate
// or read on the strength of a length they have not checked.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

#include "base/bytes.h"
#include "base/varint.h"

namespace eventioz {

class byte_reader {
 public:
  explicit byte_reader(byte_span data) : _data(data) {}

  size_t remaining() const { return _data.size() - _position; }
  size_t position() const { return _position; }
  bool at_end() const { return _position == _data.size(); }

  template <class T>
  std::optional<T> read_big_endian() {
    if (remaining() < sizeof(T)) return std::nullopt;
    T value = eventioz::read_big_endian<T>(_data.data() + _position);
    _position += sizeof(T);
    return value;
  }

  std::optional<uint64_t> read_unsigned_varint(size_t size_max = varint64_size_max) {
    auto decoded = decode_unsigned_varint(_data.subspan(_position), size_max);
    if (!decoded) return std::nullopt;
    _position += decoded->size_bytes;
    return decoded->value;
  }

  // A zigzag varint that must fit in 32 bits (Kafka's "varint").
  std::optional<int32_t> read_signed_varint32() {
    auto raw = read_unsigned_varint(varint32_size_max);
    if (!raw || *raw > std::numeric_limits<uint32_t>::max()) return std::nullopt;
    return static_cast<int32_t>(zigzag_decode(*raw));
  }

  // A zigzag varint of up to 64 bits (Kafka's "varlong").
  std::optional<int64_t> read_signed_varint64() {
    auto raw = read_unsigned_varint(varint64_size_max);
    if (!raw) return std::nullopt;
    return zigzag_decode(*raw);
  }

  std::optional<byte_span> read_bytes(size_t count) {
    if (remaining() < count) return std::nullopt;
    byte_span bytes = _data.subspan(_position, count);
    _position += count;
    return bytes;
  }

  bool skip(size_t count) {
    if (remaining() < count) return false;
    _position += count;
    return true;
  }

 private:
  byte_span _data;
  size_t _position = 0;
};

}  // namespace eventioz
