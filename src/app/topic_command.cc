#include "app/topic_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>

#include "client/admin_client.h"
#include "client/kafka_error.h"

namespace eventioz::app {
namespace {

struct topic_flags {
  client_flags client;
  std::string name;
  int32_t partitions = 1;
  int16_t replication_factor = 1;
  std::vector<std::string> configs;
  std::vector<std::string> delete_configs;
  bool validate_only = false;
  bool if_not_exists = false;
  bool if_exists = false;
  bool internal = false;
};

// Connects an admin client for `command`, or reports why not.
result<std::unique_ptr<client::admin_client>> connect(const client_flags& flags) {
  EVENTIOZ_TRY(auto options, connection_options_from(flags));
  return client::admin_client::connect(options);
}

std::string join(const std::vector<int32_t>& ids) {
  return ids.empty() ? "-" : fmt::format("{}", fmt::join(ids, ","));
}

int run_create(const topic_flags& flags) {
  auto configs = parse_key_values(flags.configs, "--config");
  if (!configs) return report_usage("topic create", configs.error_value());
  auto admin = connect(flags.client);
  if (!admin) return report_failure("topic create", admin.error_value());
  client::new_topic topic{flags.name, flags.partitions, flags.replication_factor, *configs};
  status created = (*admin)->create_topic(topic, flags.validate_only);
  if (!created) {
    if (flags.if_not_exists && created.error_value() == client::kafka_errc::topic_already_exists) {
      fmt::print(stderr, "topic {} already exists\n", flags.name);
      return exit_ok;
    }
    return report_failure("topic create", created.error_value());
  }
  fmt::print(stderr, "{} topic {} with {} partition{}\n",
             flags.validate_only ? "validated" : "created", flags.name, flags.partitions,
             flags.partitions == 1 ? "" : "s");
  return exit_ok;
}

int run_list(const topic_flags& flags) {
  auto admin = connect(flags.client);
  if (!admin) return report_failure("topic list", admin.error_value());
  auto topics = (*admin)->list_topics(flags.internal);
  if (!topics) return report_failure("topic list", topics.error_value());
  for (const client::topic_listing& topic : *topics) fmt::print("{}\n", topic.name);
  return exit_ok;
}

int run_describe(const topic_flags& flags) {
  auto admin = connect(flags.client);
  if (!admin) return report_failure("topic describe", admin.error_value());
  auto described = (*admin)->describe_topic(flags.name);
  if (!described) return report_failure("topic describe", described.error_value());
  size_t replication = described->partitions.empty() ? 0 : described->partitions[0].replicas.size();
  fmt::print("topic {}{}\n", described->name, described->internal ? " (internal)" : "");
  fmt::print("partitions {}, replication factor {}\n", described->partitions.size(), replication);
  fmt::print("  {:<10} {:<7} {:<10} {}\n", "partition", "leader", "replicas", "in-sync");
  for (const client::partition_metadata& partition : described->partitions) {
    fmt::print("  {:<10} {:<7} {:<10} {}\n", partition.partition, partition.leader,
               join(partition.replicas), join(partition.in_sync_replicas));
  }
  if (!described->configs_known) {
    fmt::print("configs: unknown (the broker does not support DescribeConfigs)\n");
    return exit_ok;
  }
  fmt::print("configs\n");
  for (const client::config_entry& config : described->configs) {
    std::string value = config.sensitive ? "(sensitive)" : config.value.value_or("(null)");
    fmt::print("  {}={}{}\n", config.name, value, config.is_default ? "  (default)" : "");
  }
  return exit_ok;
}

int run_alter(const topic_flags& flags, bool partitions_given) {
  auto configs = parse_key_values(flags.configs, "--config");
  if (!configs) return report_usage("topic alter", configs.error_value());
  if (configs->empty() && flags.delete_configs.empty() && !partitions_given) {
    return report_usage("topic alter", error(client::errc::invalid_argument,
                                             "nothing to change: give --config, --delete-config or "
                                             "--partitions"));
  }
  auto admin = connect(flags.client);
  if (!admin) return report_failure("topic alter", admin.error_value());
  if (!configs->empty() || !flags.delete_configs.empty()) {
    status altered = (*admin)->alter_topic_configs(flags.name, {*configs, flags.delete_configs});
    if (!altered) return report_failure("topic alter", altered.error_value());
  }
  if (partitions_given) {
    status grown = (*admin)->create_partitions(flags.name, flags.partitions);
    if (!grown) return report_failure("topic alter", grown.error_value());
  }
  fmt::print(stderr, "altered topic {}\n", flags.name);
  return exit_ok;
}

int run_delete(const topic_flags& flags) {
  auto admin = connect(flags.client);
  if (!admin) return report_failure("topic delete", admin.error_value());
  status deleted = (*admin)->delete_topic(flags.name);
  if (!deleted) {
    if (flags.if_exists &&
        deleted.error_value() == client::kafka_errc::unknown_topic_or_partition) {
      fmt::print(stderr, "topic {} does not exist\n", flags.name);
      return exit_ok;
    }
    return report_failure("topic delete", deleted.error_value());
  }
  fmt::print(stderr, "deleted topic {}\n", flags.name);
  return exit_ok;
}

}  // namespace

void add_topic_commands(CLI::App& cli, command_list& commands) {
  CLI::App* topic = cli.add_subcommand("topic", "Create, list, describe, alter and delete topics");
  topic->require_subcommand(1);

  // Each subcommand has its own flags: CLI11 applies environment variables (EVENTIOZ_BROKERS)
  // to the options of subcommands that were not used too, and shared storage would let them
  // overwrite the flags of the one that was.
  auto flags = std::make_shared<topic_flags>();
  CLI::App* create = topic->add_subcommand("create", "Create a topic");
  create->add_option("name", flags->name, "Topic name")->required();
  create->add_option("--partitions", flags->partitions, "Number of partitions")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  create->add_option("--replication-factor", flags->replication_factor, "Copies of each partition")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  create->add_option("--config", flags->configs, "A topic config KEY=VALUE (repeatable)");
  create->add_flag("--validate-only", flags->validate_only,
                   "Let the broker check the request without creating the topic");
  create->add_flag("--if-not-exists", flags->if_not_exists,
                   "Succeed when the topic already exists");
  add_client_flags(*create, flags->client);
  commands.push_back({create, [flags] { return run_create(*flags); }});

  flags = std::make_shared<topic_flags>();
  CLI::App* list = topic->add_subcommand("list", "List topics, one name per line");
  list->add_flag("--internal", flags->internal, "Include internal topics");
  add_client_flags(*list, flags->client);
  commands.push_back({list, [flags] { return run_list(*flags); }});

  flags = std::make_shared<topic_flags>();
  CLI::App* describe =
      topic->add_subcommand("describe", "Show a topic's partitions, leaders and configs");
  describe->add_option("name", flags->name, "Topic name")->required();
  add_client_flags(*describe, flags->client);
  commands.push_back({describe, [flags] { return run_describe(*flags); }});

  flags = std::make_shared<topic_flags>();
  CLI::App* alter = topic->add_subcommand("alter", "Change a topic's configs or add partitions");
  alter->add_option("name", flags->name, "Topic name")->required();
  alter->add_option("--config", flags->configs, "Set a topic config KEY=VALUE (repeatable)");
  alter->add_option("--delete-config", flags->delete_configs,
                    "Return a config to its default (repeatable)");
  CLI::Option* partitions =
      alter->add_option("--partitions", flags->partitions, "Grow to this many partitions")
          ->check(CLI::Range(1, 100'000));
  add_client_flags(*alter, flags->client);
  commands.push_back(
      {alter, [flags, partitions] { return run_alter(*flags, partitions->count() > 0); }});

  flags = std::make_shared<topic_flags>();
  CLI::App* remove = topic->add_subcommand("delete", "Delete a topic and its data");
  remove->add_option("name", flags->name, "Topic name")->required();
  remove->add_flag("--if-exists", flags->if_exists, "Succeed when the topic does not exist");
  add_client_flags(*remove, flags->client);
  commands.push_back({remove, [flags] { return run_delete(*flags); }});
}

}  // namespace eventioz::app
