// `eventioz group list`, `describe` and `delete`; `reset-offsets` is in group_reset_command.cc.
#include "app/group_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <memory>

#include "app/json_text.h"
#include "app/text_table.h"
#include "client/admin_client.h"
#include "client/group_lag.h"
#include "client/kafka_error.h"
#include "client/offset_lookup.h"

namespace eventioz::app {
namespace {

struct group_flags {
  client_flags client;
  std::vector<std::string> groups;
  bool json = false;
};

result<std::unique_ptr<client::admin_client>> connect(const client_flags& flags) {
  EVENTIOZ_TRY(auto options, connection_options_from(flags));
  return client::admin_client::connect(options);
}

std::string or_dash(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : "-";
}

std::string json_or_null(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : "null";
}

std::string json_or_null(const std::optional<std::string>& value) {
  return value ? json_string(*value) : "null";
}

// "orders:0,1 audit:2", or what stands in for it.
std::string assignment_text(const client::group_member& member) {
  if (member.assignment_error) return "(undecodable)";
  if (!member.assignment) return "(not a consumer)";
  std::vector<std::string> topics;
  for (const client::assigned_topic& topic : member.assignment->topics) {
    topics.push_back(fmt::format("{}:{}", topic.topic, fmt::join(topic.partitions, ",")));
  }
  return topics.empty() ? "-" : fmt::format("{}", fmt::join(topics, " "));
}

int run_list(const group_flags& flags) {
  auto admin = connect(flags.client);
  if (!admin) return report_failure("group list", admin.error_value());
  auto groups = (*admin)->list_groups();
  if (!groups) return report_failure("group list", groups.error_value());
  if (flags.json) {
    std::vector<std::string> objects;
    for (const client::group_listing& group : *groups) {
      objects.push_back(fmt::format(R"({{"group_id":{},"state":{},"protocol_type":{}}})",
                                    json_string(group.group_id), json_string(group.state),
                                    json_string(group.protocol_type)));
    }
    fmt::print("[{}]\n", fmt::join(objects, ","));
    return exit_ok;
  }
  if (groups->empty()) {
    fmt::print(stderr, "no consumer groups\n");
    return exit_ok;
  }
  text_table table({"GROUP", "STATE", "PROTOCOL-TYPE"});
  for (const client::group_listing& group : *groups) {
    table.add_row({group.group_id, group.state.empty() ? "-" : group.state,
                   group.protocol_type.empty() ? "-" : group.protocol_type});
  }
  fmt::print("{}", table.render());
  return exit_ok;
}

// The group's partitions with log ends and lag. A topic whose log ends cannot be read (it was
// deleted) keeps "-" and a note on stderr rather than hiding the rest.
std::vector<client::partition_lag> partitions_with_lag(
    client::admin_client& admin, const client::group_description& group,
    const std::vector<client::committed_offset>& committed) {
  std::vector<client::partition_lag> rows = client::group_partitions(group, committed);
  std::map<std::string, std::vector<size_t>> by_topic;
  for (size_t i = 0; i < rows.size(); ++i) by_topic[rows[i].topic].push_back(i);
  for (const auto& [topic, indexes] : by_topic) {
    std::vector<int32_t> partitions;
    for (size_t index : indexes) partitions.push_back(rows[index].partition);
    auto ends = admin.list_offsets(topic, partitions, client::latest_timestamp);
    if (!ends) {
      fmt::print(stderr, "note: no log end offsets for topic {}: {}\n", topic,
                 ends.error_value().message());
      continue;
    }
    for (size_t i = 0; i < indexes.size(); ++i) client::set_log_end(rows[indexes[i]], (*ends)[i]);
  }
  return rows;
}

void print_description_json(const client::group_description& group,
                            const std::vector<client::partition_lag>& rows) {
  std::vector<std::string> members;
  for (const client::group_member& member : group.members) {
    std::string assignment = "null";
    if (member.assignment) {
      std::vector<std::string> topics;
      for (const client::assigned_topic& topic : member.assignment->topics) {
        topics.push_back(fmt::format(R"({{"topic":{},"partitions":[{}]}})",
                                     json_string(topic.topic), fmt::join(topic.partitions, ",")));
      }
      assignment = fmt::format("[{}]", fmt::join(topics, ","));
    }
    members.push_back(fmt::format(
        R"({{"member_id":{},"group_instance_id":{},"client_id":{},"host":{},"assignment":{}}})",
        json_string(member.member_id), json_or_null(member.group_instance_id),
        json_string(member.client_id), json_string(member.client_host), assignment));
  }
  std::vector<std::string> partitions;
  for (const client::partition_lag& row : rows) {
    partitions.push_back(fmt::format(
        R"({{"topic":{},"partition":{},"committed_offset":{},"log_end_offset":{},"lag":{},)"
        R"("member_id":{}}})",
        json_string(row.topic), row.partition, json_or_null(row.committed),
        json_or_null(row.log_end), json_or_null(row.lag), json_or_null(row.member_id)));
  }
  fmt::print(R"({{"group_id":{},"state":{},"protocol_type":{},"protocol":{},"coordinator":{},)"
             R"("members":[{}],"partitions":[{}]}})"
             "\n",
             json_string(group.group_id), json_string(group.state),
             json_string(group.protocol_type), json_string(group.protocol), group.coordinator_id,
             fmt::join(members, ","), fmt::join(partitions, ","));
}

void print_description_text(const client::group_description& group,
                            const std::vector<client::partition_lag>& rows) {
  fmt::print("group        {}\n", group.group_id);
  fmt::print("state        {}\n", group.state);
  std::string protocol = group.protocol_type.empty() ? "-" : group.protocol_type;
  if (!group.protocol.empty()) protocol += fmt::format(" ({})", group.protocol);
  fmt::print("protocol     {}\n", protocol);
  fmt::print("coordinator  {}\n", group.coordinator_id);
  fmt::print("members      {}\n", group.members.size());
  if (!group.members.empty()) {
    text_table members({"MEMBER-ID", "CLIENT-ID", "HOST", "PARTITIONS"});
    for (const client::group_member& member : group.members) {
      members.add_row(
          {member.member_id, member.client_id, member.client_host, assignment_text(member)});
    }
    fmt::print("{}", members.render("  "));
  }
  fmt::print("partitions   {}\n", rows.size());
  if (!rows.empty()) {
    text_table partitions({"TOPIC", "PARTITION", "COMMITTED", "LOG-END", "LAG", "MEMBER-ID"});
    for (const client::partition_lag& row : rows) {
      partitions.add_row({row.topic, std::to_string(row.partition), or_dash(row.committed),
                          or_dash(row.log_end), or_dash(row.lag), row.member_id.value_or("-")});
    }
    fmt::print("{}", partitions.render("  "));
  }
  for (const client::group_member& member : group.members) {
    if (member.assignment_error) {
      fmt::print(stderr, "note: member {}: {}\n", member.member_id,
                 member.assignment_error->message());
    }
  }
}

int run_describe(const group_flags& flags) {
  const std::string& group_id = flags.groups.front();
  auto admin = connect(flags.client);
  if (!admin) return report_failure("group describe", admin.error_value());
  auto group = (*admin)->describe_group(group_id);
  if (!group) return report_failure("group describe", group.error_value());
  auto committed = (*admin)->fetch_group_offsets(group_id);
  if (!committed) return report_failure("group describe", committed.error_value());
  if (group->state == "Dead" && group->members.empty() && committed->empty()) {
    fmt::print(stderr,
               "eventioz group describe: group {} does not exist — `eventioz group list` shows "
               "the groups\n",
               group_id);
    return exit_failure;
  }
  auto rows = partitions_with_lag(**admin, *group, *committed);
  if (flags.json) {
    print_description_json(*group, rows);
  } else {
    print_description_text(*group, rows);
  }
  return exit_ok;
}

int run_delete(const group_flags& flags) {
  auto admin = connect(flags.client);
  if (!admin) return report_failure("group delete", admin.error_value());
  auto outcomes = (*admin)->delete_groups(flags.groups);
  if (!outcomes) return report_failure("group delete", outcomes.error_value());
  int exit_code = exit_ok;
  for (size_t i = 0; i < outcomes->size(); ++i) {
    const status& outcome = (*outcomes)[i];
    if (outcome) {
      fmt::print(stderr, "deleted group {}\n", flags.groups[i]);
    } else {
      exit_code = report_failure("group delete", outcome.error_value());
    }
  }
  return exit_code;
}

}  // namespace

void add_group_commands(CLI::App& cli, command_list& commands) {
  CLI::App* group = cli.add_subcommand(
      "group", "List, describe, reset the offsets of and delete consumer groups");
  group->require_subcommand(1);

  // Each subcommand has its own flags (see topic_command.cc: environment variables reach
  // the options of subcommands that were not used too).
  auto flags = std::make_shared<group_flags>();
  CLI::App* list = group->add_subcommand("list", "List groups with their state and protocol type");
  list->add_flag("--json", flags->json, "Print one JSON array");
  add_client_flags(*list, flags->client);
  commands.push_back({list, [flags] { return run_list(*flags); }});

  flags = std::make_shared<group_flags>();
  CLI::App* describe = group->add_subcommand(
      "describe", "Show a group's members and, per partition, committed offset and lag");
  describe->add_option("group", flags->groups, "Group id")->required()->expected(1);
  describe->add_flag("--json", flags->json, "Print one JSON object");
  add_client_flags(*describe, flags->client);
  commands.push_back({describe, [flags] { return run_describe(*flags); }});

  add_group_reset_command(*group, commands);

  flags = std::make_shared<group_flags>();
  CLI::App* remove =
      group->add_subcommand("delete", "Delete groups that have no members, and their offsets");
  remove->add_option("groups", flags->groups, "Group ids")->required();
  add_client_flags(*remove, flags->client);
  commands.push_back({remove, [flags] { return run_delete(*flags); }});
}

}  // namespace eventioz::app
