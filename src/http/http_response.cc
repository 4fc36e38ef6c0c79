// JSON and problem+json answers.
#include "http/http_response.h"

namespace eventioz::http {

http_response json_response(unsigned status, const nlohmann::json& body) {
  // Invalid UTF-8 in a string (a record key stored as raw bytes, say) is replaced rather
  // than thrown: the answer must still be sent.
  return {.status = status,
          .body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

http_response no_content() { return {.status = 204, .content_type = ""}; }

http_response problem(unsigned status, std::string_view slug, std::string_view title,
                      std::string_view detail, const nlohmann::json& extra) {
  nlohmann::json body = {{"type", "https://eventioz.dev/problems/" + std::string(slug)},
                         {"title", title},
                         {"status", status},
                         {"detail", detail}};
  if (extra.is_object()) body.update(extra);
  http_response response = json_response(status, body);
  response.content_type = "application/problem+json";
  return response;
}

http_response bad_request(std::string_view detail) {
  return problem(400, "invalid-request", "The request is not valid", detail);
}

http_response not_found(std::string_view slug, std::string_view detail) {
  return problem(404, slug, "Not found", detail);
}

}  // namespace eventioz::http
