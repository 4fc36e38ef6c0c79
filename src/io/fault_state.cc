#include "io/fault_state.h"

#include <fmt/format.h>

#include <algorithm>

#include "io/io_error.h"

namespace eventioz::io::detail {

void fault_state::call_hook(operation_kind kind, const std::string& path) {
  std::shared_ptr<const operation_hook> current;
  {
    std::lock_guard lock(mutex);
    current = hook;
  }
  if (current) (*current)(kind, path);
}

status fault_state::admit(operation_kind kind, std::string_view operation, std::string_view path) {
  if (frozen) {
    ++counters.injected_failures;
    return errc_error(std::errc::io_error, fmt::format("{} {}", operation, path),
                      fmt::format("file system frozen after operation {}, as at a power loss; "
                                  "call crash() to reboot",
                                  frozen_after_operation));
  }
  if (!is_mutating(kind)) return ok_status();
  ++counters.operations;
  if (freeze_at_operation && counters.operations >= *freeze_at_operation) {
    // This call still runs (the lock is held until it is done); every later one fails.
    frozen = true;
    frozen_after_operation = counters.operations;
    freeze_at_operation.reset();
  }
  return ok_status();
}

std::optional<error> fault_state::take_fault(std::optional<injected_fault>& fault,
                                             std::string_view operation, std::string_view path,
                                             std::string_view source) {
  if (!fault) return std::nullopt;
  std::errc code = fault->code;
  if (fault->calls_left > 0 && --fault->calls_left == 0) fault.reset();
  ++counters.injected_failures;
  return errc_error(code, fmt::format("{} {}", operation, path),
                    fmt::format("injected by {}", source));
}

uint64_t fault_state::bytes_that_fit(const memory_node& file, uint64_t position,
                                     uint64_t length) const {
  if (file.link_count == 0 || space_limit_bytes == UINT64_MAX) return length;
  uint64_t in_use = tree.bytes_in_use();
  uint64_t room = space_limit_bytes > in_use ? space_limit_bytes - in_use : 0;
  // Overwriting allocated bytes needs no room; only growth past the current end does.
  uint64_t end_limit = file.contents.size() + room;
  if (position >= end_limit) return 0;
  return std::min(length, end_limit - position);
}

}  // namespace eventioz::io::detail
