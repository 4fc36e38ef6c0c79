#include "client/http_url.h"

#include <fmt/format.h>

#include <charconv>

#include "client/errc.h"

namespace eventioz::client {
namespace {

constexpr std::string_view scheme = "http://";

error invalid(std::string_view text, std::string_view why) {
  return error(errc::invalid_argument,
               fmt::format("invalid HTTP URL '{}': {} (expected http://HOST:PORT, e.g. "
                           "http://127.0.0.1:8080)",
                           text, why));
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string http_url::authority() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

std::string http_url::to_string() const {
  return fmt::format("http://{}{}", authority(), base_path);
}

result<http_url> parse_http_url(std::string_view text) {
  std::string_view original = text;
  if (text.size() < scheme.size() ||
      !std::equal(scheme.begin(), scheme.end(), text.begin(),
                  [](char a, char b) { return a == std::tolower(b); })) {
    if (text.starts_with("https://")) return invalid(original, "https is not supported");
    return invalid(original, "it must start with http://");
  }
  text.remove_prefix(scheme.size());
  if (text.find_first_of("?#") != std::string_view::npos) {
    return invalid(original, "a query or fragment has no place in the base URL");
  }
  size_t slash = text.find('/');
  std::string_view authority = text.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : text.substr(slash);
  if (authority.find('@') != std::string_view::npos)
    return invalid(original, "user info is not supported");
  http_url url;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return invalid(original, "missing ']'");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return invalid(original, "expected ':' after ']'");
      port_text = rest.substr(1);
      if (port_text.empty()) return invalid(original, "the port is empty");
    }
  } else {
    size_t colon = authority.find(':');
    if (colon != std::string_view::npos &&
        authority.find(':', colon + 1) != std::string_view::npos) {
      return invalid(original, "an IPv6 host needs brackets: http://[::1]:8080");
    }
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return invalid(original, "the port is empty");
    }
  }
  if (url.host.empty()) return invalid(original, "the host is empty");
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, failure] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (failure != std::errc() || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return invalid(original, "the port must be a number from 1 to 65535");
    }
    url.port = static_cast<uint16_t>(value);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  url.base_path = std::string(path);
  return url;
}

std::string percent_encode(std::string_view text) {
  bool only_dots = !text.empty() && text.find_first_not_of('.') == std::string_view::npos;
  std::string encoded;
  encoded.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (is_unreserved(byte) && !only_dots) {
      encoded.push_back(c);
    } else {
      encoded += fmt::format("%{:02X}", byte);
    }
  }
  return encoded;
}

std::string make_target(const std::vector<std::string_view>& segments,
                        const query_parameters& query) {
  std::string target;
  for (std::string_view segment : segments) {
    target.push_back('/');
    target += percent_encode(segment);
  }
  if (target.empty()) target = "/";
  char separator = '?';
  for (const auto& [name, value] : query) {
    target.push_back(separator);
    target += percent_encode(name);
    target.push_back('=');
    target += percent_encode(value);
    separator = '&';
  }
  return target;
}

}  // namespace eventioz::client
