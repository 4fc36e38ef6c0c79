// An open file of the fault-injecting file system. Every call takes the shared state's lock and
// passes the same checks as the file system's own calls (see fault_state.h), so faults,
// freezes and crashes apply to files exactly as to directories.
#pragma once

#include <memory>
#include <string>

#include "io/fault_state.h"
#include "io/file.h"

namespace eventioz::io::detail {

// Thread-safe (the state's mutex). Valid until the next crash of its file system; after it,
// every call fails with io_error ("file handle from before the crash"), because a real process
// would not have survived the power loss either.
class memory_file final : public file {
 public:
  // REQUIRES: the state's mutex is held (the file records the current crash epoch).
  memory_file(std::shared_ptr<fault_state> state, node_ptr node, std::string path, bool writable);

  status write_at(uint64_t position, byte_span data) override;
  result<size_t> read_at(uint64_t position, mutable_byte_span out) override;
  status sync_data() override;
  status truncate(uint64_t size_bytes) override;
  result<uint64_t> size() override;
  // Writes zeros like write_at: unsynced, subject to fail_writes and the space limit.
  status prefill_zeros(uint64_t position, uint64_t length) override;

  int native_handle() const override { return -1; }
  const std::string& path() const override { return _path; }

 private:
  // The hook, then (returning with `lock` held) the crash-epoch check and fault_state::admit.
  status enter(operation_kind kind, std::string_view operation, std::unique_lock<std::mutex>& lock);
  // write_at and prefill_zeros: `data` empty means zeros.
  status write_bytes(operation_kind kind, uint64_t position, uint64_t length, byte_span data);

  const std::shared_ptr<fault_state> _state;
  const node_ptr _node;
  const std::string _path;
  const bool _writable;
  const uint64_t _epoch;
};

}  // namespace eventioz::io::detail
