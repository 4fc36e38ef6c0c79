// The knobs and counters of fault_injecting_file_system (see fault_injecting_file_system.h),
// in their own header so that the parts of the test double can share them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace eventioz::io {

// What a call to the fault-injecting file system does, as passed to an operation_hook.
enum class operation_kind {
  // Change what is on the disk or what survives a crash: counted by
  // fault_counters::operations and by freeze_after_operations.
  create,  // open with create_or_open or create_new
  write,
  prefill,
  truncate,
  sync_data,
  sync_directory,
  create_directories,
  remove_file,
  remove_directory_tree,
  rename,
  // Only look.
  open,  // open with read_only or read_write
  read,
  size,
  list_directory,
  exists,
  file_size,
};

// True for the kinds that can change what a crash leaves behind.
bool is_mutating(operation_kind kind);

const char* to_string(operation_kind kind);

// How a simulated power loss treats what was not made durable.
struct crash_options {
  // For each file with unsynced changes: the disk wrote the changes in file order and stopped
  // at a random byte, so the file keeps a random prefix of its unsynced tail (possibly none,
  // possibly all) over its durable contents.
  bool tear_last_write = false;
  // With tear_last_write: the last 1-8 bytes kept from the unsynced tail are garbled (each one
  // differs from what was written), as a sector half-written at the power cut would be.
  bool garble_torn_tail = false;
  // Per file with unsynced changes: the probability that the operating system had already
  // written all of them back, so the file survives exactly as last written.
  double keep_unsynced_probability = 0.0;
  // Per directory with unsynced entries (created, removed or renamed since its last
  // sync_directory): the probability that they had been written back anyway.
  double keep_unsynced_entries_probability = 0.0;
};

// Totals since construction; crash() does not reset them.
struct fault_counters {
  uint64_t operations = 0;         // mutating calls admitted (the unit of freeze_after_operations)
  uint64_t writes = 0;             // write_at and prefill_zeros calls that wrote everything
  uint64_t bytes_written = 0;      // by write_at and prefill_zeros, torn prefixes included
  uint64_t syncs = 0;              // sync_data calls that succeeded
  uint64_t directory_syncs = 0;    // sync_directory calls that succeeded
  uint64_t injected_failures = 0;  // calls failed by fail_writes, fail_syncs, the space limit
                                   // or a freeze
  uint64_t crashes = 0;
};

// Called before every operation with its kind and path (the source path for rename), on the
// calling thread, without the file system's lock held: it may call any control, e.g.
// freeze_now() to make this very operation the first one lost.
using operation_hook = std::function<void(operation_kind kind, const std::string& path)>;

}  // namespace eventioz::io
