// A file of the operating system's file system: positional reads and writes on one descriptor.
#pragma once

#include <string>

#include "io/file.h"

namespace eventioz::io {

// Owns its descriptor (opened with O_CLOEXEC) and closes it at destruction. Thread-safe as
// file.h requires: pread/pwrite/fdatasync on one descriptor need no lock.
//
// Short writes and EINTR are retried, so write_at either writes everything or fails with the
// errno of the call that stopped it (ENOSPC, EIO, ...).
class posix_file final : public file {
 public:
  // REQUIRES: `descriptor` is open and not owned by anything else.
  posix_file(int descriptor, std::string path);
  ~posix_file() override;

  posix_file(const posix_file&) = delete;
  posix_file& operator=(const posix_file&) = delete;

  status write_at(uint64_t position, byte_span data) override;
  result<size_t> read_at(uint64_t position, mutable_byte_span out) override;
  status sync_data() override;
  status truncate(uint64_t size_bytes) override;
  result<uint64_t> size() override;

  // Writes real zeros in 1 MiB pieces, then fdatasyncs, so that the blocks are allocated,
  // written and their metadata committed. Not fallocate: its unwritten extents still need a
  // metadata conversion (a journal commit) at the first fdatasync after each overwrite, which
  // measured no faster than plain appends (see src/io/README.md for the figures).
  status prefill_zeros(uint64_t position, uint64_t length) override;

  int native_handle() const override { return _descriptor; }
  const std::string& path() const override { return _path; }

 private:
  int _descriptor;
  std::string _path;
};

}  // namespace eventioz::io
