// `eventioz group reset-offsets`: moves a group's committed offsets for one topic, as
// kafka-consumer-groups --reset-offsets does. It prints the plan and changes nothing unless
// --execute is given; it refuses while the group has members, since their next commit would
// overwrite the reset (the broker refuses an outsider's commit to such a group as well).
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "app/datetime_text.h"
#include "app/group_command.h"
#include "app/text_table.h"
#include "client/admin_client.h"
#include "client/errc.h"
#include "client/offset_lookup.h"
#include "client/offset_reset.h"

namespace eventioz::app {
namespace {

constexpr std::string_view command_name = "group reset-offsets";

struct reset_flags {
  client_flags client;
  std::string group;
  std::string topic;
  std::vector<int32_t> partitions;  // empty: every partition of the topic
  bool to_earliest = false;
  bool to_latest = false;
  std::optional<int64_t> to_offset;
  std::optional<int64_t> shift_by;
  std::optional<std::string> to_datetime;
  bool execute = false;
};

result<client::reset_target> target_of(const reset_flags& flags) {
  using kind = client::reset_target::kind;
  int given = flags.to_earliest + flags.to_latest + flags.to_offset.has_value() +
              flags.shift_by.has_value() + flags.to_datetime.has_value();
  if (given != 1) {
    return error(client::errc::invalid_argument,
                 "give exactly one of --to-earliest, --to-latest, --to-offset, --shift-by and "
                 "--to-datetime");
  }
  if (flags.to_earliest) return client::reset_target{kind::earliest, 0};
  if (flags.to_latest) return client::reset_target{kind::latest, 0};
  if (flags.to_offset) {
    if (*flags.to_offset < 0) {
      return error(client::errc::invalid_argument, "--to-offset must not be negative");
    }
    return client::reset_target{kind::offset, *flags.to_offset};
  }
  if (flags.shift_by) return client::reset_target{kind::shift, *flags.shift_by};
  EVENTIOZ_TRY(int64_t timestamp_ms, parse_iso8601_ms(*flags.to_datetime));
  return client::reset_target{kind::timestamp, timestamp_ms};
}

// The chosen partitions of the topic, each checked to exist.
result<std::vector<int32_t>> partitions_of(client::admin_client& admin, const reset_flags& flags) {
  EVENTIOZ_TRY(const client::cluster_metadata* metadata,
               admin.pool().wait_for_leaders({flags.topic}));
  const client::topic_metadata* topic = metadata->topic(flags.topic);
  std::vector<int32_t> chosen = flags.partitions;
  if (chosen.empty()) {
    for (const client::partition_metadata& partition : topic->partitions) {
      chosen.push_back(partition.partition);
    }
  }
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  for (int32_t partition : chosen) {
    if (topic->partition(partition) == nullptr) {
      return error(client::errc::invalid_argument,
                   fmt::format("topic {} has partitions 0 to {}; there is no partition {}",
                               flags.topic, topic->partitions.size() - 1, partition));
    }
  }
  return chosen;
}

// What is known of each partition before the reset: committed offset, log start and end, and
// the offset at the time for --to-datetime.
result<std::vector<client::partition_position>> positions_of(client::admin_client& admin,
                                                             const reset_flags& flags,
                                                             const client::reset_target& target) {
  EVENTIOZ_TRY(std::vector<int32_t> partitions, partitions_of(admin, flags));
  EVENTIOZ_TRY(auto committed, admin.fetch_group_offsets(flags.group));
  EVENTIOZ_TRY(auto starts,
               admin.list_offsets(flags.topic, partitions, client::earliest_timestamp));
  EVENTIOZ_TRY(auto ends, admin.list_offsets(flags.topic, partitions, client::latest_timestamp));
  std::vector<int64_t> at_time(partitions.size(), -1);
  if (target.to == client::reset_target::kind::timestamp) {
    EVENTIOZ_TRY(at_time, admin.list_offsets(flags.topic, partitions, target.value));
  }
  std::vector<client::partition_position> positions;
  for (size_t i = 0; i < partitions.size(); ++i) {
    client::partition_position position{partitions[i], std::nullopt, starts[i], ends[i]};
    for (const client::committed_offset& offset : committed) {
      if (offset.topic == flags.topic && offset.partition == partitions[i]) {
        position.committed = offset.offset;
      }
    }
    if (at_time[i] >= 0) position.at_timestamp = at_time[i];
    positions.push_back(position);
  }
  return positions;
}

// A group with members would overwrite the reset with its next commit.
status require_inactive(client::admin_client& admin, const std::string& group_id) {
  EVENTIOZ_TRY(client::group_description group, admin.describe_group(group_id));
  if (group.members.empty()) return ok_status();
  return error(client::errc::invalid_argument,
               fmt::format("group {} has {} active member{} (state {}); offsets can be reset "
                           "only while no consumer is in the group — stop its consumers (or "
                           "wait for their session timeout) and retry",
                           group_id, group.members.size(), group.members.size() == 1 ? "" : "s",
                           group.state));
}

int run_reset(const reset_flags& flags) {
  auto target = target_of(flags);
  if (!target) return report_usage(command_name, target.error_value());
  auto options = connection_options_from(flags.client);
  if (!options) return report_failure(command_name, options.error_value());
  auto admin = client::admin_client::connect(*options);
  if (!admin) return report_failure(command_name, admin.error_value());
  status inactive = require_inactive(**admin, flags.group);
  if (!inactive) return report_failure(command_name, inactive.error_value());
  auto positions = positions_of(**admin, flags, *target);
  if (!positions) return report_failure(command_name, positions.error_value());
  auto plan = client::plan_offset_reset(*positions, *target);
  if (!plan) return report_failure(command_name, plan.error_value());

  text_table table({"TOPIC", "PARTITION", "CURRENT", "NEW"});
  std::vector<client::offset_to_set> offsets;
  for (const client::planned_offset& planned : *plan) {
    table.add_row({flags.topic, std::to_string(planned.partition),
                   planned.current ? std::to_string(*planned.current) : "-",
                   std::to_string(planned.target)});
    offsets.push_back({flags.topic, planned.partition, planned.target});
  }
  fmt::print("{}", table.render());
  if (!flags.execute) {
    fmt::print(stderr, "dry run: nothing changed; add --execute to set these offsets\n");
    return exit_ok;
  }
  status committed = (*admin)->commit_group_offsets(flags.group, offsets);
  if (!committed) return report_failure(command_name, committed.error_value());
  fmt::print(stderr, "set {} offset{} of group {}\n", offsets.size(),
             offsets.size() == 1 ? "" : "s", flags.group);
  return exit_ok;
}

}  // namespace

void add_group_reset_command(CLI::App& group, command_list& commands) {
  auto flags = std::make_shared<reset_flags>();
  CLI::App* reset = group.add_subcommand(
      "reset-offsets",
      "Move a group's committed offsets for a topic (prints the plan; --execute applies it)");
  reset->add_option("group", flags->group, "Group id")->required();
  reset->add_option("--topic", flags->topic, "The topic whose offsets move")->required();
  reset->add_option("--partition", flags->partitions,
                    "Only this partition (repeatable; default: every partition)");
  reset->add_flag("--to-earliest", flags->to_earliest, "To the oldest record still kept");
  reset->add_flag("--to-latest", flags->to_latest, "To the log end: skip what is not yet read");
  reset->add_option("--to-offset", flags->to_offset,
                    "To this offset (kept within the log's start and end)");
  reset->add_option("--shift-by", flags->shift_by,
                    "By N from the committed offset (negative: re-read N records)");
  reset->add_option("--to-datetime", flags->to_datetime,
                    "To the first record at or after this time, ISO 8601 "
                    "(2024-05-01T09:30:00Z; UTC unless a zone is given)");
  reset->add_flag("--execute", flags->execute, "Set the offsets (without it: only print the plan)");
  add_client_flags(*reset, flags->client);
  commands.push_back({reset, [flags] { return run_reset(*flags); }});
}

}  // namespace eventioz::app
