// The state the fault-injecting file system shares with its open files, and the rules every
// call follows before it touches the files: the operation hook, the freeze, and the faults
// injected by fail_writes / fail_syncs.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>

#include "base/result.h"
#include "io/fault_controls.h"
#include "io/memory_tree.h"

namespace eventioz::io::detail {

// A fault armed by fail_writes or fail_syncs.
struct injected_fault {
  std::errc code = std::errc::io_error;
  int64_t calls_left = 0;           // Negative: every call until cleared.
  size_t written_prefix_bytes = 0;  // Writes only: how much of each failing write lands.
};

// Owned jointly (std::shared_ptr) by the file system and its open files, so a file that
// outlives its file system still works on the orphaned state instead of touching freed memory.
// Every field is guarded by `mutex`; one lock for everything keeps the model simple and
// deterministic, and tests do not need parallel speed from it.
struct fault_state {
  std::mutex mutex;
  memory_tree tree;
  uint64_t epoch = 0;  // Crashes so far; a file remembers the epoch it was opened in.
  fault_counters counters;
  std::optional<injected_fault> write_fault;
  std::optional<injected_fault> sync_fault;
  uint64_t space_limit_bytes = UINT64_MAX;
  bool frozen = false;
  uint64_t frozen_after_operation = 0;
  std::optional<uint64_t> freeze_at_operation;  // Value of counters.operations that freezes.
  std::shared_ptr<const operation_hook> hook;

  // Calls the hook, if any. REQUIRES: mutex not held (the hook may call any control).
  void call_hook(operation_kind kind, const std::string& path);

  // Fails the call when the file system is frozen; otherwise counts a mutating call and
  // freezes after it when it is the one freeze_after_operations named. The operation and path
  // name the call in the message ("pwrite data/a.log"); formatted only on failure, because
  // crash tests make millions of calls. REQUIRES: mutex held.
  status admit(operation_kind kind, std::string_view operation, std::string_view path);

  // Spends one call of `fault` (a write_fault or sync_fault) and returns its error, or nullopt
  // when it is not armed. REQUIRES: mutex held.
  std::optional<error> take_fault(std::optional<injected_fault>& fault, std::string_view operation,
                                  std::string_view path, std::string_view source);

  // How many of `length` bytes written at `position` into `file` fit under the space limit.
  // REQUIRES: mutex held.
  uint64_t bytes_that_fit(const memory_node& file, uint64_t position, uint64_t length) const;
};

}  // namespace eventioz::io::detail
