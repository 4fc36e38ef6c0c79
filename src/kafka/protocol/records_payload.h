// The value of a `records` field: the RecordBatches of one partition, as a list of chunks.
//
// Decoding a request borrows the bytes from the request frame (no copy: the frame must outlive
// the decoded message). A fetch response is built from file slices, which the connection sends
// with sendfile(2), and owned or borrowed bytes, which it copies into the socket.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "base/bytes.h"

namespace eventioz::kafka::protocol {

// A byte range of an open file. `keep_alive` holds whatever keeps `fd` open (the segment
// file) until the bytes have been sent.
struct file_slice {
  int fd = -1;
  uint64_t position = 0;
  uint64_t size_bytes = 0;
  std::shared_ptr<const void> keep_alive;
};

using records_chunk = std::variant<byte_span, byte_buffer, file_slice>;

class records_payload {
 public:
  records_payload() = default;
  explicit records_payload(byte_span borrowed) { append(borrowed); }
  explicit records_payload(byte_buffer owned) { append(std::move(owned)); }

  void append(byte_span borrowed);
  void append(byte_buffer owned);
  void append(file_slice slice);

  uint64_t size_bytes() const { return _size_bytes; }
  bool empty() const { return _size_bytes == 0; }
  const std::vector<records_chunk>& chunks() const { return _chunks; }

  // The bytes when they are all in memory (the decoded form: one borrowed span); nullopt if a
  // chunk is a file slice. Several in-memory chunks are copied into `scratch`.
  std::optional<byte_span> contiguous_bytes(byte_buffer& scratch) const;

 private:
  std::vector<records_chunk> _chunks;
  uint64_t _size_bytes = 0;
};

}  // namespace eventioz::kafka::protocol
