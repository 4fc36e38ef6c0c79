// How the io module reports a failed operating-system call: an std::errc code in the generic
// category (so callers compare it with std::make_error_code(std::errc::...)) and a message that
// names the operation and the path, e.g. "fdatasync data/t-0/00000000000000000000.log:
// Input/output error".
#pragma once

#include <string_view>
#include <system_error>

#include "base/result.h"

namespace eventioz::io {

// `what` is the operation and its path ("pwrite data/t-0/x.log"); the code's text follows it.
error errno_error(int errno_value, std::string_view what);

// The same for a code the caller chose; `note` (when not empty) says why in parentheses, e.g.
// "injected by fail_writes".
error errc_error(std::errc code, std::string_view what, std::string_view note = {});

}  // namespace eventioz::io
