#include "io/posix_file.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

#include "io/io_error.h"

namespace eventioz::io {
namespace {

// Zeros for prefill_zeros; static storage, so it costs no allocation and maps the zero page.
constexpr size_t zero_chunk_bytes = 1 << 20;
const std::array<uint8_t, zero_chunk_bytes> zero_chunk{};

// pwrite until everything is written: pwrite may write less than asked (a signal, a nearly
// full disk), and the retry then reports the real error.
status write_fully(int descriptor, const std::string& path, uint64_t position, byte_span data) {
  while (!data.empty()) {
    ssize_t written = ::pwrite(descriptor, data.data(), data.size(), static_cast<off_t>(position));
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno_error(errno, fmt::format("pwrite {} at {}", path, position));
    }
    if (written == 0) {  // Never expected for a regular file; avoids spinning forever.
      return errc_error(std::errc::io_error, fmt::format("pwrite {} at {}", path, position),
                        "wrote 0 bytes");
    }
    position += static_cast<uint64_t>(written);
    data = data.subspan(static_cast<size_t>(written));
  }
  return ok_status();
}

}  // namespace

posix_file::posix_file(int descriptor, std::string path)
    : _descriptor(descriptor), _path(std::move(path)) {
  EVENTIOZ_ASSERT(_descriptor >= 0, "posix_file {} needs an open descriptor", _path);
}

posix_file::~posix_file() {
  // close(2) must not be retried on EINTR on Linux (the descriptor is already released), and
  // its errors say nothing about data: durability comes only from sync_data.
  ::close(_descriptor);
}

status posix_file::write_at(uint64_t position, byte_span data) {
  return write_fully(_descriptor, _path, position, data);
}

result<size_t> posix_file::read_at(uint64_t position, mutable_byte_span out) {
  size_t total = 0;
  while (total < out.size()) {
    ssize_t got = ::pread(_descriptor, out.data() + total, out.size() - total,
                          static_cast<off_t>(position + total));
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno_error(errno, fmt::format("pread {} at {}", _path, position + total));
    }
    if (got == 0) break;  // End of file.
    total += static_cast<size_t>(got);
  }
  return total;
}

status posix_file::sync_data() {
  while (::fdatasync(_descriptor) != 0) {
    if (errno == EINTR) continue;
    return errno_error(errno, fmt::format("fdatasync {}", _path));
  }
  return ok_status();
}

status posix_file::truncate(uint64_t size_bytes) {
  while (::ftruncate(_descriptor, static_cast<off_t>(size_bytes)) != 0) {
    if (errno == EINTR) continue;
    return errno_error(errno, fmt::format("ftruncate {} to {} bytes", _path, size_bytes));
  }
  return ok_status();
}

result<uint64_t> posix_file::size() {
  struct stat info {};
  if (::fstat(_descriptor, &info) != 0) return errno_error(errno, fmt::format("fstat {}", _path));
  return static_cast<uint64_t>(info.st_size);
}

status posix_file::prefill_zeros(uint64_t position, uint64_t length) {
  if (length == 0) return ok_status();
  for (uint64_t done = 0; done < length;) {
    size_t piece = static_cast<size_t>(std::min<uint64_t>(length - done, zero_chunk_bytes));
    EVENTIOZ_RETURN_IF_ERROR(
        write_fully(_descriptor, _path, position + done, byte_span(zero_chunk.data(), piece)));
    done += piece;
  }
  // Without this the zeros would sit dirty in the page cache, and the first small sync_data
  // after prefilling would have to write all of them.
  return sync_data();
}

}  // namespace eventioz::io
