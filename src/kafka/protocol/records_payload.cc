// The chunks of a records field (records_payload.h).
#include "kafka/protocol/records_payload.h"

namespace eventioz::kafka::protocol {

// Empty chunks are dropped: an empty payload has no chunks, whatever built it.
void records_payload::append(byte_span borrowed) {
  if (borrowed.empty()) return;
  _size_bytes += borrowed.size();
  _chunks.emplace_back(borrowed);
}

void records_payload::append(byte_buffer owned) {
  if (owned.empty()) return;
  _size_bytes += owned.size();
  _chunks.emplace_back(std::move(owned));
}

void records_payload::append(file_slice slice) {
  if (slice.size_bytes == 0) return;
  _size_bytes += slice.size_bytes;
  _chunks.emplace_back(std::move(slice));
}

std::optional<byte_span> records_payload::contiguous_bytes(byte_buffer& scratch) const {
  for (const records_chunk& chunk : _chunks) {
    if (std::holds_alternative<file_slice>(chunk)) return std::nullopt;
  }
  auto in_memory = [](const records_chunk& chunk) -> byte_span {
    if (const auto* borrowed = std::get_if<byte_span>(&chunk)) return *borrowed;
    return std::get<byte_buffer>(chunk);
  };
  if (_chunks.empty()) return byte_span();
  if (_chunks.size() == 1) return in_memory(_chunks.front());
  scratch.clear();
  scratch.reserve(_size_bytes);
  for (const records_chunk& chunk : _chunks) {
    byte_span bytes = in_memory(chunk);
    scratch.insert(scratch.end(), bytes.begin(), bytes.end());
  }
  return byte_span(scratch);
}

}  // namespace eventioz::kafka::protocol
