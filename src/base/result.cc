#include "base/result.h"

#include <fmt/format.h>

namespace eventioz {

std::string error::to_string() const {
  return fmt::format("{} ({}: {})", _message, _code.category().name(), _code.message());
}

error error::with_context(std::string_view context) const {
  return error(_code, fmt::format("{}: {}", context, _message));
}

}  // namespace eventioz
