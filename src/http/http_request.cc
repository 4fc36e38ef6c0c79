// Query strings and percent-decoding.
#include "http/http_request.h"

#include <fmt/format.h>

#include <charconv>

namespace eventioz::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

error invalid(std::string message) {
  return error(std::make_error_code(std::errc::invalid_argument), std::move(message));
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = hex_value(text[i + 1]);
      int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      decoded.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      decoded.push_back(' ');
    } else {
      decoded.push_back(c);
    }
  }
  return decoded;
}

status parse_target(std::string_view target, std::string& path,
                    std::map<std::string, std::string>& query) {
  size_t question = target.find('?');
  // The path stays encoded: the router splits it on '/' first and then decodes each segment,
  // so an escaped slash (%2F) stays inside its segment (a stream id "tenant/a").
  std::string_view raw_path = target.substr(0, question);
  if (!percent_decode(raw_path, false)) return invalid("the request path has a malformed %-escape");
  path = std::string(raw_path);
  if (question == std::string_view::npos) return ok_status();
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t equals = pair.find('=');
    auto name = percent_decode(pair.substr(0, equals), true);
    auto value = percent_decode(
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
    if (!name || !value) return invalid("the query string has a malformed %-escape");
    // Which of two values a repeated name means is a guess either way: refuse it.
    if (!query.emplace(*name, std::move(*value)).second) {
      return invalid(fmt::format("query parameter '{}' is given twice; give it once", *name));
    }
  }
  return ok_status();
}

std::optional<std::string> http_request::query_value(const std::string& name) const {
  auto found = query.find(name);
  if (found == query.end()) return std::nullopt;
  return found->second;
}

result<std::optional<int64_t>> http_request::query_integer(const std::string& name, int64_t low,
                                                           int64_t high) const {
  auto text = query_value(name);
  if (!text) return std::optional<int64_t>();
  int64_t value = 0;
  auto [end, failure] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (failure != std::errc() || end != text->data() + text->size() || value < low || value > high) {
    return invalid(
        fmt::format("query parameter '{}' must be a whole number from {} to {}, not "
                    "'{}'",
                    name, low, high, *text));
  }
  return std::optional<int64_t>(value);
}

}  // namespace eventioz::http
