// Where a broker listens: HOST:PORT as users type it (`--brokers`, EVENTIOZ_BROKERS).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace eventioz::client {

struct broker_address {
  std::string host;
  uint16_t port = 9092;

  // "host:port", with brackets around an IPv6 host.
  std::string to_string() const;
  friend bool operator==(const broker_address&, const broker_address&) = default;
};

// Parses "host:port", "[ipv6]:port", or a bare host (port 9092, Kafka's default).
// Fails with errc::invalid_argument and a message that shows the expected form.
result<broker_address> parse_broker_address(std::string_view text);

// Parses a comma-separated list; at least one address.
result<std::vector<broker_address>> parse_broker_list(std::string_view text);

}  // namespace eventioz::client
