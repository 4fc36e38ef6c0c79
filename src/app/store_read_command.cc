// `eventioz store read` (a stream's events, forwards or backwards, paging until --limit) and
// `eventioz store state` (the folded state, now or as of a version or a time).
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "app/datetime_text.h"
#include "app/store_api.h"
#include "app/store_command.h"
#include "app/text_table.h"
#include "client/errc.h"

namespace eventioz::app {
namespace {

// Events per request: well under the server's 10,000, so one page stays a modest answer.
constexpr int64_t page_size = 1000;

struct read_flags {
  store_http_flags http;
  std::string store;
  std::string stream;
  std::optional<int64_t> from_version;
  bool backward = false;
  std::optional<int64_t> limit;  // none: every event
};

struct state_flags {
  store_http_flags http;
  std::string store;
  std::string stream;
  std::optional<int64_t> as_of_version;
  std::string as_of_time;
  std::string reducer;
};

int run_read(const read_flags& flags) {
  const char* command = "store read";
  auto api = store_api::open(flags.http);
  if (!api) return report_usage(command, api.error_value());
  std::optional<int64_t> from = flags.from_version;
  int64_t remaining = flags.limit.value_or(INT64_MAX);
  nlohmann::json first_page;
  std::vector<nlohmann::json> events;
  while (remaining > 0) {
    client::query_parameters query;
    if (from) query.emplace_back("from_version", std::to_string(*from));
    query.emplace_back("direction", flags.backward ? "backward" : "forward");
    query.emplace_back("limit", std::to_string(std::min(remaining, page_size)));
    auto answer = api->call(
        "GET", client::make_target({"v1", "stores", flags.store, "streams", flags.stream}, query));
    if (!answer) return report_error(command, answer.error_value());
    if (answer->problem) return report_problem(command, *answer->problem);
    const nlohmann::json& page = answer->body;
    if (first_page.is_null()) first_page = page;
    const nlohmann::json page_events = json_items(page, "events");
    for (const nlohmann::json& event : page_events) {
      if (flags.http.json) {
        fmt::print("{}\n", json_text(event));  // one event per line, as it arrives
      } else {
        events.push_back(event);
      }
    }
    remaining -= static_cast<int64_t>(page_events.size());
    auto next = page.find("next_version");
    if (page_events.empty() || next == page.end() || !next->is_number_integer()) break;
    if (from && next->get<int64_t>() == *from) {  // a server that does not advance
      return report_error(command, error(client::errc::protocol_violation,
                                         "the server's next_version did not advance"));
    }
    from = next->get<int64_t>();
  }
  if (flags.http.json) return exit_ok;
  fmt::print(stderr, "stream {} (partition {}), current version {}\n", flags.stream,
             json_member(first_page, "partition"), json_member(first_page, "current_version"));
  text_table table({"VERSION", "TYPE", "TIME", "ID", "DATA"});
  for (const nlohmann::json& event : events) {
    table.add_row({json_member(event, "version"), json_member(event, "type"),
                   json_member(event, "time"), json_member(event, "id"),
                   event.contains("data") ? json_text(event["data"]) : std::string("-")});
  }
  fmt::print("{}", table.render());
  return exit_ok;
}

// --as-of-time as the server takes it: milliseconds since the epoch, passed on; a date-time
// (docs/cli.md: 2026-01-31T12:00:00Z, a space for the T, an offset) converted here.
result<std::string> as_of_time_query(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return text;
  EVENTIOZ_TRY(int64_t ms, parse_iso8601_ms(text));
  return std::to_string(ms);
}

int run_state(const state_flags& flags) {
  const char* command = "store state";
  client::query_parameters query;
  if (flags.as_of_version)
    query.emplace_back("as_of_version", std::to_string(*flags.as_of_version));
  if (!flags.as_of_time.empty()) {
    auto time = as_of_time_query(flags.as_of_time);
    if (!time) return report_usage(command, time.error_value());
    query.emplace_back("as_of_time", *time);
  }
  if (!flags.reducer.empty()) {
    auto reducer = parse_reducer_argument(flags.reducer);
    if (!reducer) return report_usage(command, reducer.error_value());
    query.emplace_back("reducer",
                       reducer->is_string() ? reducer->get<std::string>() : json_text(*reducer));
  }
  auto api = store_api::open(flags.http);
  if (!api) return report_usage(command, api.error_value());
  auto answer = api->call(
      "GET",
      client::make_target({"v1", "stores", flags.store, "streams", flags.stream, "state"}, query));
  if (!answer) return report_error(command, answer.error_value());
  if (answer->problem) return report_problem(command, *answer->problem);
  const nlohmann::json& body = answer->body;
  if (flags.http.json) {
    fmt::print("{}\n", json_text(body));
    return exit_ok;
  }
  fmt::print(stderr, "stream {} at version {} ({} events folded, from snapshot {})\n", flags.stream,
             json_member(body, "version"), json_member(body, "events_folded"),
             body.contains("snapshot_version") && !body["snapshot_version"].is_null()
                 ? "at version " + json_cell(body["snapshot_version"])
                 : std::string("none"));
  fmt::print("{}\n", json_text(json_get(body, "state"), 2));
  return exit_ok;
}

}  // namespace

void add_store_read_commands(CLI::App& store, command_list& commands) {
  auto flags = std::make_shared<read_flags>();
  CLI::App* read = store.add_subcommand("read", "Read a stream's events, forwards or backwards");
  read->add_option("store", flags->store, "Store name")->required()->check(non_empty());
  read->add_option("stream", flags->stream, "Stream id")->required()->check(non_empty());
  read->add_option("--from-version", flags->from_version,
                   "The first version to read (default: 0, or the last one with --backward)")
      ->check(CLI::Range(int64_t{0}, INT64_MAX));
  read->add_flag("--backward", flags->backward, "Newest first");
  read->add_option("--limit", flags->limit, "At most this many events (default: all)")
      ->check(CLI::Range(int64_t{1}, INT64_MAX));
  add_store_http_flags(*read, flags->http);
  commands.push_back({read, [flags] { return run_read(*flags); }});

  auto state = std::make_shared<state_flags>();
  CLI::App* state_command = store.add_subcommand(
      "state", "Print a stream's state folded by the store's reducer, now or in the past");
  state_command->add_option("store", state->store, "Store name")->required()->check(non_empty());
  state_command->add_option("stream", state->stream, "Stream id")->required()->check(non_empty());
  CLI::Option* as_of_version = state_command
                                   ->add_option("--as-of-version", state->as_of_version,
                                                "The state right after this version")
                                   ->check(CLI::Range(int64_t{0}, INT64_MAX));
  state_command
      ->add_option("--as-of-time", state->as_of_time,
                   "The state at this time: ms since the epoch or a date-time "
                   "(2026-01-31T12:00:00Z)")
      ->excludes(as_of_version);
  state_command->add_option("--reducer", state->reducer,
                            "Fold with this reducer instead of the store's: merge-patch, a JSON "
                            "spec, or @FILE.json");
  add_store_http_flags(*state_command, state->http);
  commands.push_back({state_command, [state] { return run_state(*state); }});
}

}  // namespace eventioz::app
