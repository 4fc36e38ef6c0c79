// An in-memory file_system for tests that simulates power loss and disk faults, in the spirit
// of LevelDB's fault-injection Env: it remembers what has been made durable and what has not,
// and a crash keeps only the former.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "io/fault_controls.h"
#include "io/file_system.h"

namespace eventioz::io {

namespace detail {
struct fault_state;
}

// The model. Each file has current bytes (what reads see) and durable bytes (what survives a
// crash); file::sync_data makes the current bytes durable. Each directory has current entries
// and durable entries; sync_directory(d) makes d's entries durable. So, at a crash:
//   - unsynced bytes are lost (or torn, or kept: see crash_options);
//   - a file (or directory) created and never made durable by syncing its parent directory
//     vanishes, even if its own bytes were synced;
//   - a removed file whose directory was not synced comes back with its durable bytes;
//   - a rename not followed by syncing both directories is undone on the unsynced side.
// The root directory ("/", ".", "") always exists; "/a" and "a" name the same file. Call
// make_everything_durable() after setting up a test's directories if the test is not about
// their durability.
//
// Thread-safety: every method, and every method of the files it opens, may be called from any
// thread; one mutex serializes them all. Files keep the model alive (shared ownership), so a
// file outliving its file system is safe.
//
// Determinism: given the same sequence of calls, results are the same; crash(seed) depends
// only on the seed and the state. With several threads, the order of their calls (and so the
// operation a freeze stops at) is up to the scheduler, but whatever state it stops in, the
// durability rules above hold, which is what a crash test checks.
//
// The main use, "freeze at operation N, then crash":
//
//   fault_injecting_file_system fs;
//   // 1. Run the workload once; fs.counters().operations is how many mutating calls it made.
//   // 2. For each trial: a fresh fs, then
//   fs.freeze_after_operations(n);   // n random in [0, that count]
//   run_workload(fs);                // concurrent appenders; calls after the n-th fail (EIO)
//   fs.crash(seed, {.tear_last_write = true});  // power loss: keep only what was durable
//   reopen_and_check(fs);            // every acknowledged record must be there
//
// Once frozen, every call (read or write, file or directory) fails with io_error and changes
// nothing, so nothing more becomes durable, exactly as if the machine had died after the n-th
// mutating call; the workload sees errors and winds down. crash() ends the freeze.
class fault_injecting_file_system final : public file_system {
 public:
  fault_injecting_file_system();
  ~fault_injecting_file_system() override;

  fault_injecting_file_system(const fault_injecting_file_system&) = delete;
  fault_injecting_file_system& operator=(const fault_injecting_file_system&) = delete;

  // file_system. Errors use the codes Linux would (no_such_file_or_directory, file_exists,
  // is_a_directory, not_a_directory, directory_not_empty), plus the injected ones. Files it
  // opens have native_handle() == -1. Open modes create_or_open and create_new count as
  // mutating operations (operation_kind::create), read_only and read_write do not.
  result<file_ptr> open(const std::string& path, open_mode mode) override;
  status sync_directory(const std::string& directory) override;
  status create_directories(const std::string& directory) override;
  result<std::vector<std::string>> list_directory(const std::string& directory) override;
  result<bool> exists(const std::string& path) override;
  result<uint64_t> file_size(const std::string& path) override;
  status remove_file(const std::string& path) override;
  status remove_directory_tree(const std::string& directory) override;
  status rename(const std::string& from, const std::string& to) override;

  // --- Power loss ---

  // Simulates a power loss and reboot: the tree becomes what the disk held (durable entries
  // from the root down, each file's durable bytes, adjusted by `options`); random choices come
  // from `seed` only. Every file opened before fails every call afterwards with io_error
  // ("file handle from before the crash"); open files again. Ends a freeze and clears the
  // faults armed by fail_writes and fail_syncs; keeps the space limit, the hook and the
  // counters. Allowed at any time, frozen or not, but join the workload's threads first: a
  // call made after the crash by a thread still running would act on the rebooted disk (a
  // frozen file system makes such threads fail fast and stop).
  void crash(uint64_t seed, const crash_options& options = {});

  // The next `count` mutating operations (see operation_kind) run; right after the count-th
  // one the file system freezes. 0 freezes at once. Replaces an earlier countdown.
  void freeze_after_operations(uint64_t count);
  // Freezes now; from a hook, the operation being announced is the first to fail.
  void freeze_now();
  bool frozen() const;

  // --- Faults (all calls fail with the code; messages say "injected by ...") ---

  // The next `count` write_at / prefill_zeros calls (count < 0: all, until cleared) fail with
  // `code` (e.g. io_error, no_space_on_device) after the first `written_prefix_bytes` bytes of
  // each have landed (unsynced), as a torn write would. count == 0 disarms.
  void fail_writes(std::errc code, int count = -1, size_t written_prefix_bytes = 0);

  // The next `count` sync_data / sync_directory calls (count < 0: all, until cleared) fail
  // with `code` and make nothing durable, as Linux may drop dirty pages after a failed fsync.
  // count == 0 disarms.
  void fail_syncs(std::errc code, int count = -1);

  // Writes, prefills and truncates that would grow the total size of the named files past
  // `limit_bytes` fail with no_space_on_device after writing what fits. UINT64_MAX: no limit.
  void set_space_limit_bytes(uint64_t limit_bytes);

  // Disarms fail_writes and fail_syncs and removes the space limit. Does not end a freeze or
  // cancel a freeze countdown; only crash() does.
  void clear_faults();

  // Called before every operation, file or directory (see operation_hook); an empty function
  // removes it. For crash points chosen by kind or path, e.g. "freeze at the 3rd sync of a
  // .index file".
  void set_operation_hook(operation_hook hook);

  // --- Inspection and set-up ---

  // Every file's bytes and every directory's entries become durable, as if the machine had
  // been idle long enough for the kernel to write everything back.
  void make_everything_durable();

  fault_counters counters() const;

  // Total current size of the files that have a name: what set_space_limit_bytes limits.
  uint64_t bytes_in_use() const;

 private:
  std::shared_ptr<detail::fault_state> _state;
};

}  // namespace eventioz::io
