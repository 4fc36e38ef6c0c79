#include "io/memory_file.h"

#include <fmt/format.h>

#include "io/io_error.h"

namespace eventioz::io::detail {

memory_file::memory_file(std::shared_ptr<fault_state> state, node_ptr node, std::string path,
                         bool writable)
    : _state(std::move(state)),
      _node(std::move(node)),
      _path(std::move(path)),
      _writable(writable),
      _epoch(_state->epoch) {}

status memory_file::enter(operation_kind kind, std::string_view operation,
                          std::unique_lock<std::mutex>& lock) {
  _state->call_hook(kind, _path);
  lock = std::unique_lock(_state->mutex);
  if (_epoch != _state->epoch) {
    return errc_error(std::errc::io_error, fmt::format("{} {}", operation, _path),
                      "file handle from before the crash");
  }
  EVENTIOZ_RETURN_IF_ERROR(_state->admit(kind, operation, _path));
  bool changes_bytes = kind == operation_kind::write || kind == operation_kind::prefill ||
                       kind == operation_kind::truncate;
  if (changes_bytes && !_writable) {
    return errc_error(std::errc::bad_file_descriptor, fmt::format("{} {}", operation, _path),
                      "file opened read-only");
  }
  return ok_status();
}

status memory_file::write_bytes(operation_kind kind, uint64_t position, uint64_t length,
                                byte_span data) {
  std::unique_lock<std::mutex> lock;
  std::string_view operation = kind == operation_kind::write ? "pwrite" : "prefill zeros";
  EVENTIOZ_RETURN_IF_ERROR(enter(kind, operation, lock));
  uint64_t landing = length;
  std::optional<error> failure;
  if (_state->write_fault) {
    landing = std::min<uint64_t>(landing, _state->write_fault->written_prefix_bytes);
    failure = _state->take_fault(_state->write_fault, operation,
                                 fmt::format("{} at {}", _path, position), "fail_writes");
  }
  uint64_t fits = _state->bytes_that_fit(*_node, position, landing);
  if (fits < landing) {
    landing = fits;
    if (!failure) {
      ++_state->counters.injected_failures;
      failure = errc_error(std::errc::no_space_on_device,
                           fmt::format("{} {} at {}", operation, _path, position),
                           "space limit of the test");
    }
  }
  if (data.empty()) {
    _state->tree.write_zeros(*_node, position, landing);
  } else {
    _state->tree.write(*_node, position, data.first(static_cast<size_t>(landing)));
  }
  _state->counters.bytes_written += landing;
  if (failure) return std::move(*failure);
  ++_state->counters.writes;
  return ok_status();
}

status memory_file::write_at(uint64_t position, byte_span data) {
  if (data.empty()) {  // Still a call: it may be frozen or from before a crash.
    std::unique_lock<std::mutex> lock;
    return enter(operation_kind::write, "pwrite", lock);
  }
  return write_bytes(operation_kind::write, position, data.size(), data);
}

status memory_file::prefill_zeros(uint64_t position, uint64_t length) {
  if (length == 0) {
    std::unique_lock<std::mutex> lock;
    return enter(operation_kind::prefill, "prefill zeros", lock);
  }
  return write_bytes(operation_kind::prefill, position, length, {});
}

result<size_t> memory_file::read_at(uint64_t position, mutable_byte_span out) {
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(enter(operation_kind::read, "pread", lock));
  return _node->contents.read(position, out);
}

status memory_file::sync_data() {
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(enter(operation_kind::sync_data, "fdatasync", lock));
  // A failed sync leaves the durable bytes as they were (what Linux does: after EIO the dirty
  // pages may be dropped, so nothing may be assumed written).
  std::optional<error> failure =
      _state->take_fault(_state->sync_fault, "fdatasync", _path, "fail_syncs");
  if (failure) return std::move(*failure);
  _node->contents.sync();
  ++_state->counters.syncs;
  return ok_status();
}

status memory_file::truncate(uint64_t size_bytes) {
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(enter(operation_kind::truncate, "ftruncate", lock));
  uint64_t old_size = _node->contents.size();
  if (size_bytes > old_size &&
      _state->bytes_that_fit(*_node, old_size, size_bytes - old_size) < size_bytes - old_size) {
    ++_state->counters.injected_failures;
    return errc_error(std::errc::no_space_on_device,
                      fmt::format("ftruncate {} to {} bytes", _path, size_bytes),
                      "space limit of the test");
  }
  _state->tree.resize(*_node, size_bytes);
  return ok_status();
}

result<uint64_t> memory_file::size() {
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(enter(operation_kind::size, "fstat", lock));
  return _node->contents.size();
}

}  // namespace eventioz::io::detail
