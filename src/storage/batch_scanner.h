// Walks the record batches of a segment file in order, reading through a buffer. Used by
// recovery (which cuts a segment where the scan stops), by index rebuilding, and by reads that
// step from an index entry to the batch they want.
//
// Thread-safety: one scanner per thread; the file may be appended to concurrently as long as
// `end_position` does not cover bytes still being written.
#pragma once

#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "io/file.h"
#include "model/record_batch.h"

namespace eventioz::storage {

struct scan_step {
  enum class kind {
    batch,        // a well-formed batch: header and position are set
    end_of_data,  // clean end: the end position, or a zero-filled (preallocated) region
    torn,         // the bytes end inside a batch: an interrupted write
    corrupt,      // framing or CRC is wrong
  };
  kind what = kind::end_of_data;
  model::record_batch_header header;
  uint64_t position = 0;  // where this batch (or the problem) starts
  std::string detail;     // for torn and corrupt: what was wrong
};

class batch_scanner {
 public:
  // Scans [start_position, end_position) of `file`. With `verify_crc`, each batch is read whole
  // and checked (model::validate_batch); without, only headers are read.
  batch_scanner(io::file& file, uint64_t start_position, uint64_t end_position, bool verify_crc,
                size_t batch_size_max);

  // The next batch, or why there is none. After a non-batch step, every call repeats it.
  // An I/O failure is returned as an error.
  result<scan_step> next();

  // For readers of data that must be whole: the next batch, nullopt at the clean end, and
  // errc::corrupt_data (naming the file and position) for a torn or corrupt batch.
  result<std::optional<scan_step>> next_batch();

  // The batch bytes of the last `batch` step. Only valid with verify_crc, until the next call.
  byte_span last_batch_bytes() const;

  uint64_t position() const { return _position; }

 private:
  // The position of the first non-zero byte in [position, end), if any.
  result<std::optional<uint64_t>> find_data_after(uint64_t position);

  // Makes `size` bytes from _position available in _buffer. False when the file ends first.
  result<bool> fill(size_t size);

  io::file& _file;
  uint64_t _position;
  uint64_t _end_position;
  bool _verify_crc;
  size_t _batch_size_max;
  byte_buffer _buffer;
  uint64_t _buffer_position = 0;  // file position of _buffer[0]
  size_t _buffer_size = 0;        // valid bytes in _buffer
  byte_span _last_batch;
  std::optional<scan_step> _stopped;
};

}  // namespace eventioz::storage
