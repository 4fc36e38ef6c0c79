#include "client/broker_address.h"

#include <fmt/format.h>

#include <charconv>

#include "client/errc.h"

namespace eventioz::client {
namespace {

error invalid(std::string_view text, std::string_view why) {
  return error(errc::invalid_argument,
               fmt::format("invalid broker address '{}': {} (expected HOST:PORT, e.g. "
                           "127.0.0.1:9092)",
                           text, why));
}

result<uint16_t> parse_port(std::string_view original, std::string_view digits) {
  unsigned value = 0;
  auto [end, failure] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || failure != std::errc() || end != digits.data() + digits.size() ||
      value == 0 || value > 65535) {
    return invalid(original, "the port must be a number from 1 to 65535");
  }
  return static_cast<uint16_t>(value);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string broker_address::to_string() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

result<broker_address> parse_broker_address(std::string_view text) {
  std::string_view original = text;
  text = trim(text);
  if (text.empty()) return invalid(original, "it is empty");
  broker_address address;
  if (text.front() == '[') {  // [IPv6]:port
    size_t close = text.find(']');
    if (close == std::string_view::npos) return invalid(original, "missing ']'");
    address.host = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (rest.empty()) return address;
    if (rest.front() != ':') return invalid(original, "expected ':' after ']'");
    EVENTIOZ_TRY(address.port, parse_port(original, rest.substr(1)));
  } else {
    size_t colon = text.rfind(':');
    if (colon != std::string_view::npos && text.find(':') != colon) {
      return invalid(original, "an IPv6 host needs brackets: [::1]:9092");
    }
    address.host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) {
      EVENTIOZ_TRY(address.port, parse_port(original, text.substr(colon + 1)));
    }
  }
  if (address.host.empty()) return invalid(original, "the host is empty");
  return address;
}

result<std::vector<broker_address>> parse_broker_list(std::string_view text) {
  std::vector<broker_address> addresses;
  while (true) {
    size_t comma = text.find(',');
    EVENTIOZ_TRY(auto address, parse_broker_address(text.substr(0, comma)));
    addresses.push_back(std::move(address));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return addresses;
}

}  // namespace eventioz::client
