#include "io/fault_injecting_file_system.h"

#include <fmt/format.h>

#include <random>

#include "io/fault_state.h"
#include "io/io_error.h"
#include "io/memory_file.h"

namespace eventioz::io {

using detail::fault_state;
using detail::injected_fault;
using detail::node_ptr;

namespace {

// The hook, then the lock and fault_state::admit: what every directory operation starts with.
// Returns with `lock` held.
status enter(fault_state& state, operation_kind kind, std::string_view operation,
             const std::string& path, std::unique_lock<std::mutex>& lock) {
  state.call_hook(kind, path);
  lock = std::unique_lock(state.mutex);
  return state.admit(kind, operation, path);
}

}  // namespace

fault_injecting_file_system::fault_injecting_file_system()
    : _state(std::make_shared<fault_state>()) {}

fault_injecting_file_system::~fault_injecting_file_system() = default;

result<file_ptr> fault_injecting_file_system::open(const std::string& path, open_mode mode) {
  bool creates = mode == open_mode::create_or_open || mode == open_mode::create_new;
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(
      enter(*_state, creates ? operation_kind::create : operation_kind::open, "open", path, lock));
  EVENTIOZ_TRY(node_ptr node, _state->tree.open_file(path, mode));
  return file_ptr(std::make_shared<detail::memory_file>(_state, std::move(node), path,
                                                        mode != open_mode::read_only));
}

status fault_injecting_file_system::sync_directory(const std::string& directory) {
  std::unique_lock<std::mutex> lock;
  std::string_view operation = "fsync directory";
  EVENTIOZ_RETURN_IF_ERROR(
      enter(*_state, operation_kind::sync_directory, operation, directory, lock));
  std::optional<error> failure =
      _state->take_fault(_state->sync_fault, operation, directory, "fail_syncs");
  if (failure) return std::move(*failure);
  EVENTIOZ_RETURN_IF_ERROR(_state->tree.sync_directory(directory));
  ++_state->counters.directory_syncs;
  return ok_status();
}

status fault_injecting_file_system::create_directories(const std::string& directory) {
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(
      enter(*_state, operation_kind::create_directories, "create directories", directory, lock));
  return _state->tree.create_directories(directory);
}

result<std::vector<std::string>> fault_injecting_file_system::list_directory(
    const std::string& directory) {
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(
      enter(*_state, operation_kind::list_directory, "list directory", directory, lock));
  return _state->tree.list_directory(directory);
}

result<bool> fault_injecting_file_system::exists(const std::string& path) {
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(enter(*_state, operation_kind::exists, "stat", path, lock));
  auto found = _state->tree.find(path, "stat");
  if (found.ok()) return true;
  if (found.error_value() == std::make_error_code(std::errc::no_such_file_or_directory)) {
    return false;
  }
  return std::move(found).error_value();
}

result<uint64_t> fault_injecting_file_system::file_size(const std::string& path) {
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(enter(*_state, operation_kind::file_size, "stat", path, lock));
  EVENTIOZ_TRY(node_ptr node, _state->tree.find(path, "stat"));
  if (node->is_directory) {
    return errc_error(std::errc::is_a_directory, fmt::format("file size of {}", path));
  }
  return node->contents.size();
}

status fault_injecting_file_system::remove_file(const std::string& path) {
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(enter(*_state, operation_kind::remove_file, "unlink", path, lock));
  return _state->tree.remove_file(path);
}

status fault_injecting_file_system::remove_directory_tree(const std::string& directory) {
  std::unique_lock<std::mutex> lock;
  EVENTIOZ_RETURN_IF_ERROR(enter(*_state, operation_kind::remove_directory_tree,
                                 "remove directory tree", directory, lock));
  return _state->tree.remove_directory_tree(directory);
}

status fault_injecting_file_system::rename(const std::string& from, const std::string& to) {
  _state->call_hook(operation_kind::rename, from);  // The hook gets the source path.
  std::lock_guard lock(_state->mutex);
  EVENTIOZ_RETURN_IF_ERROR(
      _state->admit(operation_kind::rename, "rename", fmt::format("{} to {}", from, to)));
  return _state->tree.rename(from, to);
}

void fault_injecting_file_system::crash(uint64_t seed, const crash_options& options) {
  std::lock_guard lock(_state->mutex);
  std::mt19937_64 random(seed);
  _state->tree = _state->tree.crash_copy(options, random);
  ++_state->epoch;  // Invalidates every open file.
  _state->frozen = false;
  _state->freeze_at_operation.reset();
  _state->write_fault.reset();
  _state->sync_fault.reset();
  ++_state->counters.crashes;
}

void fault_injecting_file_system::freeze_after_operations(uint64_t count) {
  std::lock_guard lock(_state->mutex);
  if (count == 0) {
    _state->frozen = true;
    _state->frozen_after_operation = _state->counters.operations;
    _state->freeze_at_operation.reset();
    return;
  }
  _state->freeze_at_operation = _state->counters.operations + count;
}

void fault_injecting_file_system::freeze_now() { freeze_after_operations(0); }

bool fault_injecting_file_system::frozen() const {
  std::lock_guard lock(_state->mutex);
  return _state->frozen;
}

void fault_injecting_file_system::fail_writes(std::errc code, int count,
                                              size_t written_prefix_bytes) {
  std::lock_guard lock(_state->mutex);
  if (count == 0) {
    _state->write_fault.reset();
    return;
  }
  _state->write_fault = injected_fault{code, count, written_prefix_bytes};
}

void fault_injecting_file_system::fail_syncs(std::errc code, int count) {
  std::lock_guard lock(_state->mutex);
  if (count == 0) {
    _state->sync_fault.reset();
    return;
  }
  _state->sync_fault = injected_fault{code, count, 0};
}

void fault_injecting_file_system::set_space_limit_bytes(uint64_t limit_bytes) {
  std::lock_guard lock(_state->mutex);
  _state->space_limit_bytes = limit_bytes;
}

void fault_injecting_file_system::clear_faults() {
  std::lock_guard lock(_state->mutex);
  _state->write_fault.reset();
  _state->sync_fault.reset();
  _state->space_limit_bytes = UINT64_MAX;
}

void fault_injecting_file_system::set_operation_hook(operation_hook hook) {
  std::lock_guard lock(_state->mutex);
  _state->hook = hook ? std::make_shared<const operation_hook>(std::move(hook)) : nullptr;
}

void fault_injecting_file_system::make_everything_durable() {
  std::lock_guard lock(_state->mutex);
  _state->tree.make_everything_durable();
}

fault_counters fault_injecting_file_system::counters() const {
  std::lock_guard lock(_state->mutex);
  return _state->counters;
}

uint64_t fault_injecting_file_system::bytes_in_use() const {
  std::lock_guard lock(_state->mutex);
  return _state->tree.bytes_in_use();
}

}  // namespace eventioz::io
