// Hands out producer ids, never the same one twice, across restarts too.
//
// Ids are reserved in blocks: before the first id of a block is handed out, the end of the
// block is recorded durably in <data>/producer_id_block (replace_file_durably), so after a
// crash the next block starts above every id that may have been handed out. A crash wastes
// at most the rest of one block.
//
// File format (do not change): the decimal number of the first id not yet reserved, then a
// newline, e.g. "3000\n". A missing file means no id was ever reserved (start at 0).
//
// Thread-safe. allocate() does a small synchronous write and fsync once per block
// (block_size ids); every other call only takes the mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "base/result.h"
#include "io/file_system.h"

namespace eventioz::txn {

class producer_id_allocator {
 public:
  static constexpr int64_t default_block_size = 1000;

  // Reads the reservation file (errc::coordinator_not_available when it does not parse).
  static result<std::unique_ptr<producer_id_allocator>> open(
      io::file_system& fs, std::string data_directory, int64_t block_size = default_block_size);

  // A fresh id. Errors: the reservation could not be written (I/O error), or the id space is
  // exhausted (errc::coordinator_not_available).
  result<int64_t> allocate();

 private:
  producer_id_allocator(io::file_system& fs, std::string path, int64_t block_size,
                        int64_t reserved_end);

  io::file_system& _fs;
  const std::string _path;
  const int64_t _block_size;

  std::mutex _mutex;
  int64_t _next = 0;          // the next id to hand out
  int64_t _reserved_end = 0;  // ids in [_next, _reserved_end) are reserved durably
};

}  // namespace eventioz::txn
