// What a route answers: a status, a content type, a body and extra headers. Built with the
// helpers below so that every JSON answer and every error looks the same.
//
// Errors follow RFC 7807 (application/problem+json): `type` is a stable URI naming the kind of
// problem (https://eventioz.dev/problems/<slug>, documented in docs/http-api.md), `title` is
// its short description, `detail` says what was wrong with this request and what to do, and
// `status` repeats the HTTP status.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace eventioz::http {

struct http_response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

http_response json_response(unsigned status, const nlohmann::json& body);
http_response no_content();

// A problem+json answer. `slug` names the problem kind ("unknown-topic", "bad-json", ...);
// `detail` must say what to do. `extra` members (e.g. {"current_version": 3}) are merged in.
http_response problem(unsigned status, std::string_view slug, std::string_view title,
                      std::string_view detail, const nlohmann::json& extra = nullptr);

// The usual ones.
http_response bad_request(std::string_view detail);  // 400 invalid-request
http_response not_found(std::string_view slug, std::string_view detail);

}  // namespace eventioz::http
