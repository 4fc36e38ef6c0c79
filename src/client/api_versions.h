// The version of each API this client and one broker both speak, chosen from the broker's
// ApiVersions answer: the highest version inside both ranges. Clients and brokers move
// independently, so every request is sent in a version the other side has declared.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>

#include "base/result.h"

namespace eventioz::client {

struct version_range {
  int16_t min = 0;
  int16_t max = 0;
};

class api_versions {
 public:
  api_versions() = default;
  explicit api_versions(std::map<int16_t, version_range> broker) : _broker(std::move(broker)) {}

  // The highest version in both [ours.min, ours.max] and the broker's range for `api_key`;
  // nullopt when the broker lacks the API or the ranges do not meet.
  std::optional<int16_t> choose(int16_t api_key, version_range ours) const;

  // As choose, or errc::unsupported_version naming the API and both ranges.
  result<int16_t> require(int16_t api_key, std::string_view api_name, version_range ours) const;

  bool supports(int16_t api_key) const { return _broker.contains(api_key); }
  const std::map<int16_t, version_range>& broker_ranges() const { return _broker; }

 private:
  std::map<int16_t, version_range> _broker;
};

}  // namespace eventioz::client
