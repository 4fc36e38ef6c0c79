// `eventioz store create|list|describe|delete-stream`, and the `store` command itself.
#include "app/store_command.h"

#include <fmt/format.h>

#include <memory>

#include "app/store_api.h"
#include "app/text_table.h"

namespace eventioz::app {
namespace {

struct store_flags {
  store_http_flags http;
  std::string store;
  std::string stream;
  std::optional<int32_t> partitions;
  std::string reducer;
  std::optional<int64_t> snapshot_interval;
  std::vector<std::string> configs;
};

void print_store_line(const nlohmann::json& store) {
  fmt::print("store              {}\n", json_member(store, "name"));
  fmt::print("partitions         {}\n", json_member(store, "partitions"));
  fmt::print("reducer            {}\n", json_member(store, "reducer"));
  fmt::print("snapshot interval  {}\n", json_member(store, "snapshot_interval"));
}

int run_create(const store_flags& flags) {
  const char* command = "store create";
  nlohmann::json body = {{"name", flags.store}};
  if (flags.partitions) body["partitions"] = *flags.partitions;
  if (flags.snapshot_interval) body["snapshot_interval"] = *flags.snapshot_interval;
  if (!flags.reducer.empty()) {
    auto reducer = parse_reducer_argument(flags.reducer);
    if (!reducer) return report_usage(command, reducer.error_value());
    body["reducer"] = *reducer;
  }
  auto configs = parse_key_values(flags.configs, "--config");
  if (!configs) return report_usage(command, configs.error_value());
  if (!configs->empty()) body["configs"] = *configs;
  auto api = store_api::open(flags.http);
  if (!api) return report_usage(command, api.error_value());
  auto answer = api->call("POST", client::make_target({"v1", "stores"}), body);
  if (!answer) return report_error(command, answer.error_value());
  if (answer->problem) return report_problem(command, *answer->problem);
  if (flags.http.json) {
    fmt::print("{}\n", json_text(answer->body));
  } else {
    fmt::print(stderr, "created store {}\n", flags.store);
    print_store_line(answer->body);
  }
  return exit_ok;
}

int run_list(const store_flags& flags) {
  const char* command = "store list";
  auto api = store_api::open(flags.http);
  if (!api) return report_usage(command, api.error_value());
  auto answer = api->call("GET", client::make_target({"v1", "stores"}));
  if (!answer) return report_error(command, answer.error_value());
  if (answer->problem) return report_problem(command, *answer->problem);
  if (flags.http.json) {
    fmt::print("{}\n", json_text(answer->body));
    return exit_ok;
  }
  const nlohmann::json stores = json_items(answer->body, "stores");
  if (stores.empty()) {
    fmt::print(stderr, "no stores (create one with `eventioz store create NAME`)\n");
    return exit_ok;
  }
  text_table table({"STORE", "PARTITIONS", "SNAPSHOT-INTERVAL", "REDUCER"});
  for (const nlohmann::json& store : stores) {
    table.add_row({json_member(store, "name"), json_member(store, "partitions"),
                   json_member(store, "snapshot_interval"), json_member(store, "reducer")});
  }
  fmt::print("{}", table.render());
  return exit_ok;
}

int run_describe(const store_flags& flags) {
  const char* command = "store describe";
  auto api = store_api::open(flags.http);
  if (!api) return report_usage(command, api.error_value());
  auto answer = api->call("GET", client::make_target({"v1", "stores", flags.store}));
  if (!answer) return report_error(command, answer.error_value());
  if (answer->problem) return report_problem(command, *answer->problem);
  if (flags.http.json) {
    fmt::print("{}\n", json_text(answer->body));
    return exit_ok;
  }
  print_store_line(answer->body);
  const nlohmann::json index = json_items(answer->body, "index");
  if (!index.empty()) {
    fmt::print("index\n");
    text_table table({"PARTITION", "INDEXED-OFFSET", "HIGH-WATERMARK"});
    for (const nlohmann::json& partition : index) {
      table.add_row({json_member(partition, "partition"), json_member(partition, "indexed_offset"),
                     json_member(partition, "high_watermark")});
    }
    fmt::print("{}", table.render("  "));
  }
  return exit_ok;
}

int run_delete_stream(const store_flags& flags) {
  const char* command = "store delete-stream";
  auto api = store_api::open(flags.http);
  if (!api) return report_usage(command, api.error_value());
  auto answer = api->call(
      "DELETE", client::make_target({"v1", "stores", flags.store, "streams", flags.stream}));
  if (!answer) return report_error(command, answer.error_value());
  if (answer->problem) return report_problem(command, *answer->problem);
  if (flags.http.json) {
    fmt::print("{}\n", json_text(answer->body));
  } else {
    fmt::print(stderr, "deleted stream {} of store {} (tombstone at offset {})\n", flags.stream,
               flags.store, json_cell(json_get(answer->body, "offset")));
  }
  return exit_ok;
}

}  // namespace

void add_store_commands(CLI::App& cli, command_list& commands) {
  CLI::App* store = cli.add_subcommand(
      "store", "Event stores: streams with expected-version appends, state, projections");
  store->require_subcommand(1);

  // Each subcommand has its own flags (see topic_command.cc: environment variables reach the
  // options of subcommands that were not used too).
  auto flags = std::make_shared<store_flags>();
  CLI::App* create = store->add_subcommand("create", "Create an event store (a topic)");
  create->add_option("name", flags->store, "Store name")->required()->check(non_empty());
  create->add_option("--partitions", flags->partitions, "Number of partitions")
      ->check(CLI::Range(1, 100'000));
  create->add_option("--reducer", flags->reducer,
                     "The store's reducer: merge-patch, a JSON spec, or @FILE.json");
  create
      ->add_option("--snapshot-interval", flags->snapshot_interval,
                   "Snapshot a stream's state every N events (0: never)")
      ->check(CLI::Range(int64_t{0}, int64_t{1'000'000'000}));
  create->add_option("--config", flags->configs, "A topic config KEY=VALUE (repeatable)");
  add_store_http_flags(*create, flags->http);
  commands.push_back({create, [flags] { return run_create(*flags); }});

  flags = std::make_shared<store_flags>();
  CLI::App* list = store->add_subcommand("list", "List event stores");
  add_store_http_flags(*list, flags->http);
  commands.push_back({list, [flags] { return run_list(*flags); }});

  flags = std::make_shared<store_flags>();
  CLI::App* describe =
      store->add_subcommand("describe", "Show a store's reducer, snapshots and index progress");
  describe->add_option("name", flags->store, "Store name")->required()->check(non_empty());
  add_store_http_flags(*describe, flags->http);
  commands.push_back({describe, [flags] { return run_describe(*flags); }});

  add_store_append_command(*store, commands);
  add_store_read_commands(*store, commands);

  flags = std::make_shared<store_flags>();
  CLI::App* remove = store->add_subcommand(
      "delete-stream", "Delete a stream: a tombstone; compaction removes its events");
  remove->add_option("store", flags->store, "Store name")->required()->check(non_empty());
  remove->add_option("stream", flags->stream, "Stream id")->required()->check(non_empty());
  add_store_http_flags(*remove, flags->http);
  commands.push_back({remove, [flags] { return run_delete_stream(*flags); }});

  add_store_projection_commands(*store, commands);
}

}  // namespace eventioz::app
