// Matching paths against route templates.
#include "http/router.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "base/assert.h"
#include "http/http_request.h"

namespace eventioz::http {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  // "/v1/topics/" is "/v1/topics": a trailing slash is not a segment of its own.
  if (segments.size() > 1 && segments.back().empty()) segments.pop_back();
  return segments;
}

bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(const route& candidate, const std::vector<std::string>& segments,
             std::map<std::string, std::string>& params) {
  if (candidate.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& expected = candidate.segments[i];
    if (is_parameter(expected)) {
      if (segments[i].empty()) return false;
      params[expected.substr(1, expected.size() - 2)] = segments[i];
    } else if (expected != segments[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void router::add(verb method, std::string path_template, route_handler handler,
                 std::vector<std::string> query_parameters, bool documented) {
  add_route({.method = method,
             .path_template = std::move(path_template),
             .handler = std::move(handler),
             .query_parameters = std::move(query_parameters),
             .documented = documented});
}

void router::add_stream(verb method, std::string path_template, stream_handler opener,
                        std::vector<std::string> query_parameters, bool documented) {
  add_route({.method = method,
             .path_template = std::move(path_template),
             .stream_opener = std::move(opener),
             .query_parameters = std::move(query_parameters),
             .documented = documented});
}

void router::add_route(route entry) {
  EVENTIOZ_ASSERT(!entry.path_template.empty() && entry.path_template.front() == '/', "route {}",
                  entry.path_template);
  entry.segments = split_path(entry.path_template);
  _routes.push_back(std::move(entry));
}

std::optional<http_response> unknown_query_parameter(const route& entry,
                                                     const http_request& request) {
  if (!entry.documented) return std::nullopt;
  for (const auto& [name, ignored] : request.query) {
    const auto& known = entry.query_parameters;
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    if (known.empty()) {
      return bad_request(fmt::format(
          "unknown query parameter '{}': {} {} takes no query parameters; leave it out", name,
          std::string(boost::beast::http::to_string(entry.method)), entry.path_template));
    }
    return bad_request(
        fmt::format("unknown query parameter '{}' (known: {})", name, fmt::join(known, ", ")));
  }
  return std::nullopt;
}

route_match router::match(verb method, const std::string& path) const {
  route_match result;
  if (path.empty() || path.front() != '/') return result;
  // Split first, then decode: "%2F" is a '/' inside a segment, not a separator.
  auto segments = split_path(path);
  for (std::string& segment : segments) {
    auto decoded = percent_decode(segment, false);
    if (!decoded) return result;  // a malformed escape matches nothing
    segment = std::move(*decoded);
  }
  for (const route& candidate : _routes) {
    std::map<std::string, std::string> params;
    if (!matches(candidate, segments, params)) continue;
    // HEAD is served by GET routes (the body is dropped by the connection).
    if (candidate.method == method || (method == verb::head && candidate.method == verb::get)) {
      result.found = &candidate;
      result.path_params = std::move(params);
      return result;
    }
    result.allowed.push_back(candidate.method);
  }
  return result;
}

}  // namespace eventioz::http
