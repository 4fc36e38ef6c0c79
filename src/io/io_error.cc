#include "io/io_error.h"

#include <fmt/format.h>

namespace eventioz::io {

error errno_error(int errno_value, std::string_view what) {
  return errc_error(static_cast<std::errc>(errno_value), what);
}

error errc_error(std::errc code, std::string_view what, std::string_view note) {
  std::error_code as_code = std::make_error_code(code);
  std::string message = note.empty() ? fmt::format("{}: {}", what, as_code.message())
                                     : fmt::format("{}: {} ({})", what, as_code.message(), note);
  return error(as_code, std::move(message));
}

}  // namespace eventioz::io
