// The small state file of a partition: what cannot be derived from its segments.
//
// On-disk format, big-endian (do not change):
//   checkpoint = magic:"EVZPCKPT" version:int16(1) log_start_offset:int64
//                committed_end_offset:int64 clean_shutdown:int8 log_end_offset:int64
//                active_segment_size:int64 crc:uint32
//   crc        = CRC-32C of every byte before it
// Replaced atomically (write a temporary file, sync, rename, sync the directory).
//
// clean_shutdown = 1 means the log was closed cleanly and, until the next write, the active
// segment holds exactly active_segment_size bytes up to log_end_offset with synced indexes:
// opening can skip the recovery scan. The log writes clean_shutdown = 0 before its first
// change after opening.
#pragma once

#include <optional>
#include <string>

#include "base/result.h"
#include "base/strong_id.h"
#include "io/file_system.h"

namespace eventioz::storage {

struct partition_checkpoint {
  offset log_start_offset{0};
  offset committed_end_offset{0};
  bool clean_shutdown = false;
  offset log_end_offset{0};
  uint64_t active_segment_size = 0;
};

// Reads the checkpoint of `directory`; nullopt when there is none (a new partition). A damaged
// file is errc::corrupt_data.
result<std::optional<partition_checkpoint>> read_partition_checkpoint(io::file_system& fs,
                                                                      const std::string& directory);

status write_partition_checkpoint(io::file_system& fs, const std::string& directory,
                                  const partition_checkpoint& checkpoint);

}  // namespace eventioz::storage
