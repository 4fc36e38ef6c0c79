// `eventioz store append STORE STREAM`: one event from flags (--type, --data), or one JSON event
// object per line from a file or stdin (--events-from -), appended atomically in one request
// with an optional expected version.
#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/store_api.h"
#include "app/store_command.h"
#include "app/text_table.h"
#include "client/errc.h"

namespace eventioz::app {
namespace {

// The server takes 1..1000 events per append (one batch).
constexpr size_t max_events_per_append = 1000;

struct append_flags {
  store_http_flags http;
  std::string store;
  std::string stream;
  std::string type;
  std::string data;
  std::string id;
  std::string source;
  std::string subject;
  std::string correlation_id;
  std::string causation_id;
  std::string expected_version = "any";
  std::string events_from;
};

error usage(std::string message) {
  return error(client::errc::invalid_argument, std::move(message));
}

// "any" | "no_stream" | "exists" as strings, a version as a JSON number.
result<nlohmann::json> expected_version_json(const std::string& text) {
  if (text == "any" || text == "no_stream" || text == "exists") return nlohmann::json(text);
  int64_t version = -1;
  auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (text.empty() || failure != std::errc() || end != text.data() + text.size() || version < 0 ||
      text.front() == '+') {
    return usage(fmt::format(
        "--expected-version '{}': use any, no_stream (the stream must not exist), exists, or "
        "the version of the stream's last event (0, 1, ...)",
        text));
  }
  return nlohmann::json(version);
}

result<nlohmann::json> event_from_flags(const append_flags& flags) {
  if (flags.type.empty()) return usage("--type is required (or give --events-from)");
  if (flags.data.empty()) return usage("--data is required (or give --events-from)");
  EVENTIOZ_TRY(auto data, parse_json_argument(flags.data, "--data"));
  nlohmann::json event = {{"type", flags.type}, {"data", std::move(data)}};
  auto set_if_given = [&event](const char* name, const std::string& value) {
    if (!value.empty()) event[name] = value;
  };
  set_if_given("id", flags.id);
  set_if_given("source", flags.source);
  set_if_given("subject", flags.subject);
  set_if_given("correlation_id", flags.correlation_id);
  set_if_given("causation_id", flags.causation_id);
  return event;
}

// One JSON object per non-blank line; the server checks their members.
result<nlohmann::json> events_from_lines(std::istream& input, const std::string& name) {
  nlohmann::json events = nlohmann::json::array();
  std::string line;
  size_t line_number = 0;
  while (std::getline(input, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto event = parse_json_argument(line, fmt::format("{} line {}", name, line_number));
    if (!event) return event.error_value();
    if (!event->is_object()) {
      return usage(
          fmt::format("{} line {}: an event is a JSON object such as "
                      "{{\"type\":\"Deposited\",\"data\":{{\"amount\":10}}}}",
                      name, line_number));
    }
    if (events.size() == max_events_per_append) {
      return usage(
          fmt::format("{} holds more than {} events; one append is one atomic batch of "
                      "at most {}: split the input",
                      name, max_events_per_append, max_events_per_append));
    }
    events.push_back(std::move(*event));
  }
  if (input.bad()) return usage(fmt::format("cannot read {}", name));
  if (events.empty()) return usage(fmt::format("{} holds no events", name));
  return events;
}

result<nlohmann::json> read_events(const append_flags& flags) {
  if (flags.events_from.empty()) {
    EVENTIOZ_TRY(auto event, event_from_flags(flags));
    return nlohmann::json::array({std::move(event)});
  }
  if (!flags.type.empty() || !flags.data.empty() || !flags.id.empty() || !flags.source.empty() ||
      !flags.subject.empty() || !flags.correlation_id.empty() || !flags.causation_id.empty()) {
    return usage(
        "--events-from takes every event attribute from its lines; drop --type, "
        "--data, --id, --source, --subject, --correlation-id and --causation-id");
  }
  if (flags.events_from == "-") return events_from_lines(std::cin, "stdin");
  std::ifstream file(flags.events_from, std::ios::binary);
  if (!file) return usage(fmt::format("--events-from: cannot open {}", flags.events_from));
  return events_from_lines(file, flags.events_from);
}

int report_conflict(const api_problem& problem) {
  report_problem("store append", problem);
  auto current = problem.body.find("current_version");
  if (problem.slug == "wrong-expected-version" && current != problem.body.end()) {
    bool no_events = current->is_number_integer() && current->get<int64_t>() == -1;
    fmt::print(stderr, "  current version: {}{}\n", json_text(*current),
               no_events ? " (the stream has no events)" : "");
  }
  return exit_failure;
}

void print_appended(const nlohmann::json& answer) {
  const nlohmann::json events = json_items(answer, "events");
  bool duplicate = json_get(answer, "duplicate") == true;
  fmt::print("{} {} event{} to stream {} (partition {}): versions {}..{}\n",
             duplicate ? "already appended (a retry with the same event ids):" : "appended",
             events.size(), events.size() == 1 ? "" : "s", json_member(answer, "stream"),
             json_member(answer, "partition"), json_member(answer, "first_version"),
             json_member(answer, "last_version"));
  text_table table({"VERSION", "OFFSET", "ID"});
  for (const nlohmann::json& event : events) {
    table.add_row(
        {json_member(event, "version"), json_member(event, "offset"), json_member(event, "id")});
  }
  fmt::print("{}", table.render());
}

int run_append(const append_flags& flags) {
  const char* command = "store append";
  auto expected = expected_version_json(flags.expected_version);
  if (!expected) return report_usage(command, expected.error_value());
  auto events = read_events(flags);
  if (!events) return report_usage(command, events.error_value());
  auto api = store_api::open(flags.http);
  if (!api) return report_usage(command, api.error_value());
  nlohmann::json body = {{"expected_version", *expected}, {"events", std::move(*events)}};
  auto answer = api->call(
      "POST", client::make_target({"v1", "stores", flags.store, "streams", flags.stream}), body);
  if (!answer) return report_error(command, answer.error_value());
  if (answer->problem) return report_conflict(*answer->problem);
  if (flags.http.json) {
    fmt::print("{}\n", json_text(answer->body));
  } else {
    print_appended(answer->body);
  }
  return exit_ok;
}

}  // namespace

void add_store_append_command(CLI::App& store, command_list& commands) {
  auto flags = std::make_shared<append_flags>();
  CLI::App* append = store.add_subcommand(
      "append", "Append events to a stream, atomically, with an optional expected version");
  append->add_option("store", flags->store, "Store name")->required()->check(non_empty());
  append->add_option("stream", flags->stream, "Stream id")->required()->check(non_empty());
  append->add_option("--type", flags->type, "The event's type (e.g. Deposited)");
  append->add_option("--data", flags->data, "The event's data, JSON (e.g. '{\"amount\":10}')");
  append->add_option("--id", flags->id,
                     "The event's id (default: one the broker makes); a retry with the same id "
                     "returns the original versions");
  append->add_option("--source", flags->source, "CloudEvents source");
  append->add_option("--subject", flags->subject, "CloudEvents subject");
  append->add_option("--correlation-id", flags->correlation_id, "Correlation id");
  append->add_option("--causation-id", flags->causation_id, "Causation id");
  append
      ->add_option("--expected-version", flags->expected_version,
                   "any, no_stream, exists, or the version of the stream's last event")
      ->capture_default_str();
  append->add_option("--events-from", flags->events_from,
                     "Read one JSON event object per line from this file (- for stdin), "
                     "e.g. {\"type\":\"Deposited\",\"data\":{\"amount\":10},\"id\":\"e1\"}");
  add_store_http_flags(*append, flags->http);
  commands.push_back({append, [flags] { return run_append(*flags); }});
}

}  // namespace eventioz::app
