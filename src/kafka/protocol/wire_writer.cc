// The growing, chunked output of generated encoders (wire_writer.h).
#include "kafka/protocol/wire_writer.h"

#include <bit>

#include "base/assert.h"
#include "base/varint.h"

namespace eventioz::kafka::protocol {

byte_buffer& wire_writer::current() {
  if (_chunks.empty() || !std::holds_alternative<byte_buffer>(_chunks.back())) {
    _chunks.emplace_back(byte_buffer());
  }
  return std::get<byte_buffer>(_chunks.back());
}

void wire_writer::write_int8(int8_t value) {
  current().push_back(static_cast<uint8_t>(value));
  _size_bytes += 1;
}

void wire_writer::write_int16(int16_t value) {
  append_big_endian(current(), value);
  _size_bytes += sizeof(value);
}

void wire_writer::write_uint16(uint16_t value) {
  append_big_endian(current(), value);
  _size_bytes += sizeof(value);
}

void wire_writer::write_int32(int32_t value) {
  append_big_endian(current(), value);
  _size_bytes += sizeof(value);
}

void wire_writer::write_int64(int64_t value) {
  append_big_endian(current(), value);
  _size_bytes += sizeof(value);
}

void wire_writer::write_float64(double value) {
  append_big_endian(current(), std::bit_cast<uint64_t>(value));
  _size_bytes += sizeof(value);
}

void wire_writer::write_bool(bool value) { write_int8(value ? 1 : 0); }

void wire_writer::write_unsigned_varint(uint64_t value) {
  append_unsigned_varint(current(), value);
  _size_bytes += unsigned_varint_size(value);
}

void wire_writer::write_raw(byte_span bytes) {
  if (bytes.empty()) return;
  byte_buffer& into = current();
  into.insert(into.end(), bytes.begin(), bytes.end());
  _size_bytes += bytes.size();
}

void wire_writer::write_records_chunks(const records_payload& records) {
  for (const records_chunk& chunk : records.chunks()) {
    if (const auto* borrowed = std::get_if<byte_span>(&chunk)) {
      write_raw(*borrowed);
    } else if (const auto* owned = std::get_if<byte_buffer>(&chunk)) {
      write_raw(*owned);
    } else {
      const auto& slice = std::get<file_slice>(chunk);
      _chunks.emplace_back(slice);
      _size_bytes += slice.size_bytes;
    }
  }
}

std::vector<output_chunk> wire_writer::take_chunks() {
  std::vector<output_chunk> chunks = std::move(_chunks);
  _chunks.clear();
  _size_bytes = 0;
  return chunks;
}

byte_buffer wire_writer::take_bytes() {
  byte_buffer bytes;
  if (_chunks.size() == 1) {
    EVENTIOZ_ASSERT(std::holds_alternative<byte_buffer>(_chunks.front()),
                    "take_bytes() of a writer holding a file slice");
    bytes = std::move(std::get<byte_buffer>(_chunks.front()));
  } else {
    bytes.reserve(_size_bytes);
    for (const output_chunk& chunk : _chunks) {
      EVENTIOZ_ASSERT(std::holds_alternative<byte_buffer>(chunk),
                      "take_bytes() of a writer holding a file slice");
      const auto& part = std::get<byte_buffer>(chunk);
      bytes.insert(bytes.end(), part.begin(), part.end());
    }
  }
  _chunks.clear();
  _size_bytes = 0;
  return bytes;
}

}  // namespace eventioz::kafka::protocol
