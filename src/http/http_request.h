// A request as routes see it: the Beast message, the path parameters the route template
// matched ({topic} in /v1/topics/{topic}), and the decoded query string.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "base/result.h"

namespace eventioz::http {

using request_message = boost::beast::http::request<boost::beast::http::string_body>;

struct http_request {
  request_message message;
  std::string path;  // as sent (still percent-encoded), without the query string
  std::map<std::string, std::string> path_params;
  // Decoded query parameters (a name given twice is refused by parse_target).
  std::map<std::string, std::string> query;
  uint32_t shard = 0;  // the shard whose thread serves this connection

  const std::string& param(const std::string& name) const { return path_params.at(name); }
  std::optional<std::string> query_value(const std::string& name) const;
  // The query parameter as an integer in [low, high]; nullopt when absent; an error (whose
  // message names the parameter and the range) when it is not such a number.
  result<std::optional<int64_t>> query_integer(const std::string& name, int64_t low,
                                               int64_t high) const;
};

// Splits "path?query" into the path, still percent-encoded (router::match decodes each segment
// after splitting, so %2F stays inside one), and decoded parameters ('+' is a space in the
// query). Errors: malformed percent escapes, a parameter name given twice.
status parse_target(std::string_view target, std::string& path,
                    std::map<std::string, std::string>& query);

// Percent-decoding; nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace eventioz::http
