#include "client/api_versions.h"

#include <fmt/format.h>

#include <algorithm>

#include "client/errc.h"

namespace eventioz::client {

std::optional<int16_t> api_versions::choose(int16_t api_key, version_range ours) const {
  auto theirs = _broker.find(api_key);
  if (theirs == _broker.end()) return std::nullopt;
  int16_t low = std::max(ours.min, theirs->second.min);
  int16_t high = std::min(ours.max, theirs->second.max);
  if (high < low) return std::nullopt;
  return high;
}

result<int16_t> api_versions::require(int16_t api_key, std::string_view api_name,
                                      version_range ours) const {
  if (auto chosen = choose(api_key, ours)) return *chosen;
  auto theirs = _broker.find(api_key);
  if (theirs == _broker.end()) {
    return error(errc::unsupported_version,
                 fmt::format("the broker does not support {} (API key {}); it may be an older "
                             "version or a different product",
                             api_name, api_key));
  }
  return error(errc::unsupported_version,
               fmt::format("the broker supports {} versions {}-{}, this client {}-{}: no "
                           "common version; upgrade the older side",
                           api_name, theirs->second.min, theirs->second.max, ours.min, ours.max));
}

}  // namespace eventioz::client
