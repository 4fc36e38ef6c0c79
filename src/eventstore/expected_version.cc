// Parsing and checking expected versions.
#include "eventstore/expected_version.h"

#include <fmt/format.h>

#include <charconv>

#include "eventstore/errc.h"

namespace eventioz::eventstore {

std::string expected_version::to_string() const {
  switch (condition) {
    case kind::any:
      return "any";
    case kind::no_stream:
      return "no_stream";
    case kind::exists:
      return "exists";
    case kind::exact:
      return std::to_string(version);
  }
  return "any";
}

result<expected_version> parse_expected_version(std::string_view text) {
  if (text == "any") return expected_version{expected_version::kind::any};
  if (text == "no_stream") return expected_version{expected_version::kind::no_stream};
  if (text == "exists") return expected_version{expected_version::kind::exists};
  int64_t version = -1;
  const char* end = text.data() + text.size();
  auto [stop, problem] = std::from_chars(text.data(), end, version);
  if (!text.empty() && problem == std::errc() && stop == end && version >= 0 &&
      text.front() != '+') {
    return expected_version::exact(version);
  }
  std::string shown(text.substr(0, 64));
  return error(errc::invalid_expected_version,
               fmt::format("expected version '{}' is not one of: any, no_stream, exists, or a "
                           "version number >= 0 (the version of the stream's last event)",
                           shown));
}

bool is_satisfied(const expected_version& expected, int64_t current) {
  switch (expected.condition) {
    case expected_version::kind::any:
      return true;
    case expected_version::kind::no_stream:
      return current < 0;
    case expected_version::kind::exists:
      return current >= 0;
    case expected_version::kind::exact:
      return current == expected.version;
  }
  return false;
}

}  // namespace eventioz::eventstore
