// An open file behind a small interface, so that storage runs unchanged on the real disk and
// on the fault-injecting test double (LevelDB's Env idea).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace eventioz::io {

// Thread-safety: every method may be called from any thread. Concurrent write_at calls to
// overlapping ranges are the caller's problem; storage has one writer per file and lets a
// flusher thread call sync_data and readers call read_at at the same time.
//
// Errors are std::errc codes (io_error, no_space_on_device, ...) with the path in the message.
class file {
 public:
  virtual ~file() = default;

  // Writes all of `data` at `position`, extending the file if needed. On failure some prefix
  // of `data` may have been written.
  virtual status write_at(uint64_t position, byte_span data) = 0;

  // Reads up to out.size() bytes at `position`; returns how many were read (fewer only at the
  // end of the file).
  virtual result<size_t> read_at(uint64_t position, mutable_byte_span out) = 0;

  // Makes every byte written so far durable (fdatasync).
  virtual status sync_data() = 0;

  virtual status truncate(uint64_t size_bytes) = 0;

  virtual result<uint64_t> size() = 0;

  // Writes zeros over [position, position + length) so that later writes there overwrite
  // allocated blocks instead of extending the file: on ext4 an overwrite needs no metadata
  // journal commit at fdatasync, which roughly doubles durable append throughput.
  virtual status prefill_zeros(uint64_t position, uint64_t length) = 0;

  // The operating-system descriptor, for sendfile(2); -1 when the file is not a real one.
  virtual int native_handle() const = 0;

  virtual const std::string& path() const = 0;
};

using file_ptr = std::shared_ptr<file>;

}  // namespace eventioz::io
