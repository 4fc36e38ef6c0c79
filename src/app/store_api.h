// What every `eventioz store` command shares: reaching the broker's HTTP API (--http, env
// EVENTIOZ_HTTP_URL), sending JSON, telling answers from refusals (RFC 7807 problem+json), and
// reporting them: a refusal prints the server's `detail` and exits 1; a bad command line exits 2.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "app/client_flags.h"
#include "base/result.h"
#include "client/http_client.h"

namespace eventioz::app {

struct store_http_flags {
  std::string url = "http://127.0.0.1:8080";
  int64_t timeout_ms = 30'000;
  bool json = false;  // --json: print the server's JSON rather than text
};

// Adds --http (env EVENTIOZ_HTTP_URL), --timeout-ms and --json to `command`.
void add_store_http_flags(CLI::App& command, store_http_flags& flags);

// For store, stream, projection and key arguments: an empty one cannot be a path segment.
const CLI::Validator& non_empty();

// A refusal: the status and the problem's members (`slug` is the last segment of its `type`).
struct api_problem {
  unsigned status = 0;
  std::string slug;
  std::string title;
  std::string detail;
  nlohmann::json body;  // the whole problem object (extra members such as current_version)
};

// A 2xx answer's JSON (null for 204), or the problem of any other status.
struct api_answer {
  unsigned status = 0;
  nlohmann::json body;
  std::optional<api_problem> problem;
};

class store_api {
 public:
  // errc::invalid_argument for a malformed --http URL.
  static result<store_api> open(const store_http_flags& flags);

  // Sends `body` (when not null) as application/json. Errors are transport failures and
  // answers that are not JSON; refusals come back as api_answer::problem.
  result<api_answer> call(std::string_view method, const std::string& target,
                          const nlohmann::json& body = nullptr);

 private:
  explicit store_api(client::http_client http) : _http(std::move(http)) {}
  client::http_client _http;
};

// Prints "eventioz <command>: <detail> (HTTP <status> <slug>)" to stderr; returns exit_failure.
int report_problem(std::string_view command, const api_problem& problem);

// Prints "eventioz <command>: <message>" (the message of a connection failure says how to
// start the server) and returns exit_failure.
int report_error(std::string_view command, const error& failure);

// JSON text as the CLI prints it: compact (indent < 0) or pretty, invalid UTF-8 replaced.
std::string json_text(const nlohmann::json& value, int indent = -1);

// `object[name]`, or null when `object` is no object or lacks it (never throws, whatever the
// server sent).
nlohmann::json json_get(const nlohmann::json& object, const char* name);

// `object[name]` when it is an array, else an empty array.
nlohmann::json json_items(const nlohmann::json& object, const char* name);

// A table cell for a JSON value: strings bare, null as "-", anything else as compact JSON.
std::string json_cell(const nlohmann::json& value);

// json_cell of `object[name]`; "-" when `object` is no object or lacks the member.
std::string json_member(const nlohmann::json& object, const char* name);

// A reducer spec as the user gives it: "merge-patch", inline JSON, or @file.json.
// errc::invalid_argument saying which forms are accepted.
result<nlohmann::json> parse_reducer_argument(const std::string& text);

// Parses a JSON argument (--data, an --events-from line); `what` names it in the error.
result<nlohmann::json> parse_json_argument(std::string_view text, std::string_view what);

}  // namespace eventioz::app
