// `eventioz store projection create|list|status|get|keys|delete`: named reducers over a whole
// store whose read models (key -> state) the broker keeps up to date.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>

#include "app/store_api.h"
#include "app/store_command.h"
#include "app/text_table.h"
#include "client/errc.h"

namespace eventioz::app {
namespace {

// Keys per request when paging `projection keys`.
constexpr int64_t keys_page_size = 1000;

struct projection_flags {
  store_http_flags http;
  std::string store;
  std::string name;
  std::string key;  // `get`: the read model's key
  std::string reducer;
  std::string key_source = "stream";  // `create --key`: "stream" or a JSON pointer into data
  std::vector<std::string> types;
  std::string prefix;
  int64_t limit = 100;
};

std::string types_text(const nlohmann::json& status) {
  auto types = status.find("types");
  if (types == status.end() || !types->is_array() || types->empty()) return "(all)";
  std::vector<std::string> names;
  for (const nlohmann::json& type : *types) names.push_back(json_cell(type));
  return fmt::format("{}", fmt::join(names, ","));
}

std::string projection_target(const projection_flags& flags) {
  return client::make_target({"v1", "stores", flags.store, "projections", flags.name});
}

void print_status(const nlohmann::json& status) {
  fmt::print("projection  {}\n", json_member(status, "name"));
  fmt::print("store       {}\n", json_member(status, "store"));
  fmt::print("reducer     {}\n", json_member(status, "reducer"));
  fmt::print("key         {}\n", json_member(status, "key"));
  fmt::print("types       {}\n", types_text(status));
  fmt::print("keys        {}\n", json_member(status, "keys"));
  fmt::print("lag         {}\n", json_member(status, "lag"));
  fmt::print("failure     {}\n", json_member(status, "failure"));
  auto positions = status.find("positions");
  if (positions != status.end() && positions->is_object() && !positions->empty()) {
    text_table table({"PARTITION", "POSITION"});
    for (const auto& [partition, position] : positions->items()) {
      table.add_row({partition, json_cell(position)});
    }
    fmt::print("positions\n{}", table.render("  "));
  }
}

// Runs one request and prints its JSON (--json) or hands it to `print`.
template <typename Print>
int run_simple(const char* command, const projection_flags& flags, std::string_view method,
               const std::string& target, const nlohmann::json& body, Print print) {
  auto api = store_api::open(flags.http);
  if (!api) return report_usage(command, api.error_value());
  auto answer = api->call(method, target, body);
  if (!answer) return report_error(command, answer.error_value());
  if (answer->problem) return report_problem(command, *answer->problem);
  if (flags.http.json) {
    if (!answer->body.is_null()) fmt::print("{}\n", json_text(answer->body));
  } else {
    print(answer->body);
  }
  return exit_ok;
}

int run_create(const projection_flags& flags) {
  const char* command = "store projection create";
  auto reducer = parse_reducer_argument(flags.reducer);
  if (!reducer) return report_usage(command, reducer.error_value());
  nlohmann::json body = {{"reducer", *reducer}, {"key", flags.key_source}};
  if (!flags.types.empty()) body["types"] = flags.types;
  return run_simple(
      command, flags, "PUT", projection_target(flags), body, [&](const nlohmann::json& status) {
        fmt::print(stderr, "created projection {} of store {}\n", flags.name, flags.store);
        print_status(status);
      });
}

int run_list(const projection_flags& flags) {
  return run_simple("store projection list", flags, "GET",
                    client::make_target({"v1", "stores", flags.store, "projections"}), nullptr,
                    [&](const nlohmann::json& answer) {
                      const nlohmann::json projections = json_items(answer, "projections");
                      if (projections.empty()) {
                        fmt::print(stderr, "no projections in store {}\n", flags.store);
                        return;
                      }
                      text_table table({"PROJECTION", "KEY", "TYPES", "KEYS", "LAG", "FAILURE"});
                      for (const nlohmann::json& status : projections) {
                        table.add_row({json_member(status, "name"), json_member(status, "key"),
                                       types_text(status), json_member(status, "keys"),
                                       json_member(status, "lag"), json_member(status, "failure")});
                      }
                      fmt::print("{}", table.render());
                    });
}

int run_status(const projection_flags& flags) {
  return run_simple("store projection status", flags, "GET", projection_target(flags), nullptr,
                    [](const nlohmann::json& status) { print_status(status); });
}

int run_get(const projection_flags& flags) {
  return run_simple(
      "store projection get", flags, "GET",
      client::make_target(
          {"v1", "stores", flags.store, "projections", flags.name, "keys", flags.key}),
      nullptr, [&](const nlohmann::json& entry) {
        fmt::print(stderr, "key {} at version {}\n", flags.key, json_member(entry, "version"));
        fmt::print("{}\n", json_text(json_get(entry, "state"), 2));
      });
}

int run_keys(const projection_flags& flags) {
  const char* command = "store projection keys";
  auto api = store_api::open(flags.http);
  if (!api) return report_usage(command, api.error_value());
  int64_t remaining = flags.limit;
  std::optional<std::string> after;
  text_table table({"KEY", "VERSION", "STATE"});
  size_t rows = 0;
  while (remaining > 0) {
    client::query_parameters query;
    if (!flags.prefix.empty()) query.emplace_back("prefix", flags.prefix);
    if (after) query.emplace_back("after", *after);
    query.emplace_back("limit", std::to_string(std::min(remaining, keys_page_size)));
    auto answer = api->call(
        "GET", client::make_target({"v1", "stores", flags.store, "projections", flags.name, "keys"},
                                   query));
    if (!answer) return report_error(command, answer.error_value());
    if (answer->problem) return report_problem(command, *answer->problem);
    const nlohmann::json entries = json_items(answer->body, "entries");
    for (const nlohmann::json& entry : entries) {
      if (flags.http.json) {
        fmt::print("{}\n", json_text(entry));
      } else if (entry.is_object()) {
        table.add_row({json_member(entry, "key"), json_member(entry, "version"),
                       entry.contains("state") ? json_text(entry["state"]) : "-"});
      } else {
        table.add_row({json_cell(entry), "-", "-"});  // a server that lists bare keys
      }
      ++rows;
    }
    remaining -= static_cast<int64_t>(entries.size());
    auto next = answer->body.find("next_after");
    if (entries.empty() || next == answer->body.end() || !next->is_string()) break;
    if (after && next->get<std::string>() == *after) {
      return report_error(command, error(client::errc::protocol_violation,
                                         "the server's next_after did not advance"));
    }
    after = next->get<std::string>();
  }
  if (flags.http.json) return exit_ok;
  if (rows == 0) {
    fmt::print(stderr, "no keys{}\n",
               flags.prefix.empty() ? "" : fmt::format(" starting with '{}'", flags.prefix));
    return exit_ok;
  }
  fmt::print("{}", table.render());
  return exit_ok;
}

int run_delete(const projection_flags& flags) {
  return run_simple("store projection delete", flags, "DELETE", projection_target(flags), nullptr,
                    [&](const nlohmann::json&) {
                      fmt::print(stderr, "deleted projection {} of store {}\n", flags.name,
                                 flags.store);
                    });
}

// STORE NAME, both required, on `command`.
void add_store_and_name(CLI::App& command, projection_flags& flags) {
  command.add_option("store", flags.store, "Store name")->required()->check(non_empty());
  command.add_option("name", flags.name, "Projection name")->required()->check(non_empty());
}

}  // namespace

void add_store_projection_commands(CLI::App& store, command_list& commands) {
  CLI::App* projection = store.add_subcommand(
      "projection", "Read models a reducer keeps over a whole store: create, query, delete");
  projection->require_subcommand(1);

  auto flags = std::make_shared<projection_flags>();
  CLI::App* create = projection->add_subcommand("create", "Create a projection");
  add_store_and_name(*create, *flags);
  create
      ->add_option("--reducer", flags->reducer,
                   "How events fold into each key's state: merge-patch, a JSON spec, or "
                   "@FILE.json")
      ->required();
  create
      ->add_option("--key", flags->key_source,
                   "What keys the read model: stream (the stream id) or a JSON pointer into "
                   "the event's data (/customer_id)")
      ->capture_default_str();
  create->add_option("--types", flags->types, "Only these event types, A,B (default: all)")
      ->delimiter(',');
  add_store_http_flags(*create, flags->http);
  commands.push_back({create, [flags] { return run_create(*flags); }});

  flags = std::make_shared<projection_flags>();
  CLI::App* list = projection->add_subcommand("list", "List a store's projections");
  list->add_option("store", flags->store, "Store name")->required()->check(non_empty());
  add_store_http_flags(*list, flags->http);
  commands.push_back({list, [flags] { return run_list(*flags); }});

  flags = std::make_shared<projection_flags>();
  CLI::App* status =
      projection->add_subcommand("status", "Show a projection's positions, lag and failure");
  add_store_and_name(*status, *flags);
  add_store_http_flags(*status, flags->http);
  commands.push_back({status, [flags] { return run_status(*flags); }});

  flags = std::make_shared<projection_flags>();
  CLI::App* get = projection->add_subcommand("get", "Print the state of one key");
  add_store_and_name(*get, *flags);
  get->add_option("key", flags->key, "The key")->required()->check(non_empty());
  add_store_http_flags(*get, flags->http);
  commands.push_back({get, [flags] { return run_get(*flags); }});

  flags = std::make_shared<projection_flags>();
  CLI::App* keys = projection->add_subcommand("keys", "List keys with their states, in order");
  add_store_and_name(*keys, *flags);
  keys->add_option("--prefix", flags->prefix, "Only keys that start with this");
  keys->add_option("--limit", flags->limit, "At most this many keys")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000'000}))
      ->capture_default_str();
  add_store_http_flags(*keys, flags->http);
  commands.push_back({keys, [flags] { return run_keys(*flags); }});

  flags = std::make_shared<projection_flags>();
  CLI::App* remove = projection->add_subcommand("delete", "Delete a projection and its read model");
  add_store_and_name(*remove, *flags);
  add_store_http_flags(*remove, flags->http);
  commands.push_back({remove, [flags] { return run_delete(*flags); }});
}

}  // namespace eventioz::app
