// The broker's HTTP API as the CLI reaches it: a base URL (`--http`, EVENTIOZ_HTTP_URL) and
// request targets built from path segments and query parameters. Stream ids and keys may hold
// any bytes ('/', '?', '%', spaces, non-UTF-8), so every segment and query value is
// percent-encoded (RFC 3986) rather than pasted into the target.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace eventioz::client {

struct http_url {
  std::string host;       // without brackets, also for IPv6
  uint16_t port = 80;     // 80 when the URL names none
  std::string base_path;  // "" or "/prefix" (no trailing slash): prepended to every target

  // "http://host:port[/prefix]", with brackets around an IPv6 host.
  std::string to_string() const;
  // "host:port" as `eventioz serve --http-listen` takes it.
  std::string authority() const;
  friend bool operator==(const http_url&, const http_url&) = default;
};

// Parses "http://HOST[:PORT][/PREFIX]" (a trailing '/' is ignored). https, user info, a query
// or a fragment are refused: errc::invalid_argument with the expected form.
result<http_url> parse_http_url(std::string_view text);

// Percent-encodes every byte except RFC 3986's unreserved characters (ALPHA DIGIT - . _ ~), so
// the result is one path segment or one query value whatever the input holds. A segment made
// only of dots ("." or "..") has its dots encoded too, so no one normalises it away.
std::string percent_encode(std::string_view text);

using query_parameters = std::vector<std::pair<std::string, std::string>>;

// "/v1/stores/a%2Fb/streams/x" from {"v1", "stores", "a/b", "streams", "x"}, then
// "?name=value&..." for the parameters (names and values encoded; none: no '?').
std::string make_target(const std::vector<std::string_view>& segments,
                        const query_parameters& query = {});

}  // namespace eventioz::client
