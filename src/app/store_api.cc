#include "app/store_api.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "client/errc.h"

namespace eventioz::app {
namespace {

// The problem in a refusal; a body that is not problem+json still yields its status and text.
api_problem problem_from(unsigned status, const std::string& text) {
  api_problem problem{.status = status};
  nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_object()) {
    problem.body = body;
    if (auto type = body.find("type"); type != body.end() && type->is_string()) {
      std::string uri = type->get<std::string>();
      problem.slug = uri.substr(uri.rfind('/') + 1);
    }
    if (auto title = body.find("title"); title != body.end() && title->is_string()) {
      problem.title = title->get<std::string>();
    }
    if (auto detail = body.find("detail"); detail != body.end() && detail->is_string()) {
      problem.detail = detail->get<std::string>();
    }
  }
  if (problem.detail.empty()) problem.detail = problem.title;
  if (problem.detail.empty()) {
    problem.detail =
        text.empty() ? fmt::format("the server answered HTTP {}", status) : text.substr(0, 500);
  }
  return problem;
}

}  // namespace

const CLI::Validator& non_empty() {
  static const CLI::Validator validator(
      [](const std::string& value) {
        return value.empty() ? std::string("must not be empty") : "";
      },
      "", "NON-EMPTY");
  return validator;
}

void add_store_http_flags(CLI::App& command, store_http_flags& flags) {
  command.add_option("--http", flags.url, "The broker's HTTP API, http://HOST:PORT")
      ->envname("EVENTIOZ_HTTP_URL")
      ->capture_default_str();
  command.add_option("--timeout-ms", flags.timeout_ms, "How long to wait for each answer")
      ->check(CLI::Range(int64_t{1}, int64_t{3'600'000}))
      ->capture_default_str();
  command.add_flag("--json", flags.json, "Print JSON instead of text");
}

result<store_api> store_api::open(const store_http_flags& flags) {
  EVENTIOZ_TRY(auto url, client::parse_http_url(flags.url));
  return store_api(
      client::http_client(std::move(url), std::chrono::milliseconds(flags.timeout_ms)));
}

result<api_answer> store_api::call(std::string_view method, const std::string& target,
                                   const nlohmann::json& body) {
  std::string text = body.is_null() ? std::string() : json_text(body);
  EVENTIOZ_TRY(auto answer,
               _http.request(method, target, text, body.is_null() ? "" : "application/json"));
  api_answer result{.status = answer.status};
  if (answer.status < 200 || answer.status >= 300) {
    result.problem = problem_from(answer.status, answer.body);
    return result;
  }
  if (answer.body.empty()) return result;
  result.body = nlohmann::json::parse(answer.body, nullptr, false);
  if (result.body.is_discarded()) {
    return error(client::errc::protocol_violation,
                 fmt::format("{} {} answered HTTP {} with a body that is not JSON", method, target,
                             answer.status));
  }
  return result;
}

int report_problem(std::string_view command, const api_problem& problem) {
  std::string kind = problem.slug.empty() ? "" : " " + problem.slug;
  fmt::print(stderr, "eventioz {}: {} (HTTP {}{})\n", command, problem.detail, problem.status,
             kind);
  return exit_failure;
}

int report_error(std::string_view command, const error& failure) {
  fmt::print(stderr, "eventioz {}: {}\n", command, failure.message());
  return exit_failure;
}

std::string json_text(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json json_get(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto found = object.find(name);
  return found == object.end() ? nlohmann::json() : *found;
}

nlohmann::json json_items(const nlohmann::json& object, const char* name) {
  nlohmann::json items = json_get(object, name);
  return items.is_array() ? items : nlohmann::json::array();
}

std::string json_cell(const nlohmann::json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  return json_text(value);
}

std::string json_member(const nlohmann::json& object, const char* name) {
  return json_cell(json_get(object, name));
}

result<nlohmann::json> parse_json_argument(std::string_view text, std::string_view what) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded()) {
    return error(client::errc::invalid_argument,
                 fmt::format("{} is not valid JSON: '{}' (quote text as a JSON string: "
                             "'\"text\"')",
                             what, text.substr(0, 200)));
  }
  return value;
}

result<nlohmann::json> parse_reducer_argument(const std::string& text) {
  if (text == "merge-patch") return nlohmann::json("merge-patch");
  std::string spec = text;
  std::string what = "--reducer";
  if (!text.empty() && text.front() == '@') {
    std::ifstream file(text.substr(1), std::ios::binary);
    if (!file) {
      return error(client::errc::invalid_argument,
                   fmt::format("--reducer {}: cannot read the file {}", text, text.substr(1)));
    }
    std::ostringstream content;
    content << file.rdbuf();
    spec = content.str();
    what = fmt::format("--reducer {} (the file)", text);
  }
  nlohmann::json value = nlohmann::json::parse(spec, nullptr, false);
  if (value.is_discarded() || !(value.is_object() || value.is_string())) {
    return error(client::errc::invalid_argument,
                 fmt::format("{} must be merge-patch, a JSON reducer spec such as "
                             "'{{\"type\":\"rules\",\"on\":{{...}}}}', or @FILE.json holding one",
                             what));
  }
  return value;
}

}  // namespace eventioz::app
