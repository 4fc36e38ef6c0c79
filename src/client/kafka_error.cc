// The table behind kafka_error.h: whether a retry can help, and what a person should do.
#include "client/kafka_error.h"

#include <fmt/format.h>

#include <array>

namespace eventioz::client {
namespace {

struct kafka_error_info {
  kafka_errc code;
  bool retriable;
  std::string_view hint;  // what to do; empty when the name says it all
};

constexpr std::array<kafka_error_info, 57> table{{
    {kafka_errc::unknown_server_error, false, "the broker failed unexpectedly; its log says why"},
    {kafka_errc::none, false, ""},
    {kafka_errc::offset_out_of_range, false,
     "the offset is before the log start or after the end; use --from-beginning or an offset "
     "within the partition"},
    {kafka_errc::corrupt_message, false, "the broker found a corrupt record batch"},
    {kafka_errc::unknown_topic_or_partition, true,
     "no such topic or partition; create it with `eventioz topic create` or check the name"},
    {kafka_errc::invalid_fetch_size, false, ""},
    {kafka_errc::leader_not_available, true, "the partition has no leader yet; retry in a moment"},
    {kafka_errc::not_leader_or_follower, true, "leadership moved; retry after refreshing metadata"},
    {kafka_errc::request_timed_out, true, "the broker could not complete the request in time"},
    {kafka_errc::broker_not_available, false, ""},
    {kafka_errc::replica_not_available, true, ""},
    {kafka_errc::message_too_large, false,
     "a batch exceeds the topic's max.message.bytes; send smaller records or batches, or raise it "
     "with `eventioz topic alter`"},
    {kafka_errc::network_exception, true, ""},
    {kafka_errc::coordinator_load_in_progress, true, ""},
    {kafka_errc::coordinator_not_available, true, ""},
    {kafka_errc::not_coordinator, true, ""},
    {kafka_errc::invalid_topic_exception, false,
     "topic names use letters, digits, '.', '_' and '-', at most 249 characters; the internal "
     "topics __consumer_offsets and __transaction_state cannot be written or changed"},
    {kafka_errc::record_list_too_large, false,
     "the request is larger than the broker accepts; lower --batch-bytes"},
    {kafka_errc::not_enough_replicas, true, ""},
    {kafka_errc::not_enough_replicas_after_append, true, ""},
    {kafka_errc::invalid_required_acks, false, "acks must be 0, 1 or all"},
    {kafka_errc::topic_authorization_failed, false, "this client may not use the topic"},
    {kafka_errc::cluster_authorization_failed, false,
     "this client may not perform cluster operations"},
    {kafka_errc::invalid_timestamp, false,
     "a record's timestamp is outside the topic's accepted range"},
    {kafka_errc::unsupported_version, false, "the broker does not support this request version"},
    {kafka_errc::topic_already_exists, false,
     "the topic already exists; choose another name, or delete it first"},
    {kafka_errc::invalid_partitions, false,
     "the partition count must be at least 1 (and can only grow)"},
    {kafka_errc::invalid_replication_factor, false,
     "the replication factor cannot exceed the number of brokers"},
    {kafka_errc::invalid_replica_assignment, false, ""},
    {kafka_errc::invalid_config, false,
     "a configuration name or value was refused; see docs/configuration.md"},
    {kafka_errc::not_controller, true,
     "this broker is not the controller; retry after refreshing metadata"},
    {kafka_errc::invalid_request, false, "the broker refused the request as malformed"},
    {kafka_errc::policy_violation, false, "the request breaks a policy of the broker"},
    {kafka_errc::kafka_storage_error, true,
     "the broker could not read or write its disk; its log says why"},
    {kafka_errc::topic_deletion_disabled, false, "the broker does not allow deleting topics"},
    {kafka_errc::fenced_leader_epoch, true, ""},
    {kafka_errc::unknown_leader_epoch, true, ""},
    {kafka_errc::unsupported_compression_type, false,
     "the broker or topic does not accept this codec; try --compression none"},
    {kafka_errc::offset_not_available, true, ""},
    {kafka_errc::invalid_record, false,
     "the broker refused a record (for example, a compacted topic needs keys)"},
    {kafka_errc::throttling_quota_exceeded, true, ""},
    {kafka_errc::resource_not_found, false, ""},
    {kafka_errc::unknown_topic_id, true, ""},
    {kafka_errc::illegal_generation, false,
     "the group's generation changed: it rebalanced, or has members that only they may commit for; "
     "stop its consumers first"},
    {kafka_errc::inconsistent_group_protocol, false,
     "the member's assignors share none with the group's members"},
    {kafka_errc::invalid_group_id, false, "a group id must not be empty"},
    {kafka_errc::unknown_member_id, false,
     "the group has active members, and only they may commit while it does; stop its consumers (or "
     "wait for their session timeout) and retry"},
    {kafka_errc::invalid_session_timeout, false,
     "the session timeout is outside the broker's group.min/max.session.timeout.ms"},
    {kafka_errc::rebalance_in_progress, true,
     "the group is rebalancing: it has active members; stop its consumers and retry"},
    {kafka_errc::invalid_commit_offset_size, false,
     "the offset metadata is larger than the broker accepts"},
    {kafka_errc::group_authorization_failed, false, "this client may not use the group"},
    {kafka_errc::non_empty_group, false,
     "the group still has active members; stop its consumers (or wait for their session timeout) "
     "and retry"},
    {kafka_errc::group_id_not_found, false,
     "no such group; `eventioz group list` shows the groups"},
    {kafka_errc::member_id_required, true, ""},
    {kafka_errc::fenced_instance_id, false,
     "another consumer with the same group.instance.id replaced this one"},
    {kafka_errc::group_subscribed_to_topic, false, "the group's members still consume the topic"},
    {kafka_errc::unstable_offset_commit, true,
     "a transaction holding offsets for the group is still open; retry when it ends"},
}};

const kafka_error_info* find(int16_t code) {
  for (const kafka_error_info& info : table) {
    if (static_cast<int16_t>(info.code) == code) return &info;
  }
  return nullptr;
}

}  // namespace

std::string kafka_error_name(int16_t code) { return kafka::protocol::error_code_name(code); }

bool is_retriable(int16_t code) {
  const kafka_error_info* info = find(code);
  return info != nullptr && info->retriable;
}

error kafka_error(int16_t code, std::string_view doing,
                  const std::optional<std::string>& broker_message) {
  const kafka_error_info* info = find(code);
  std::string text = fmt::format("{}: the broker answered {}", doing, kafka_error_name(code));
  // The broker's own words are the most specific; the hint says what to do.
  if (broker_message && !broker_message->empty()) text += fmt::format(" ({})", *broker_message);
  if (info != nullptr && !info->hint.empty()) text += fmt::format(" — {}", info->hint);
  return error(std::error_code(code, kafka::protocol::error_code_category()), std::move(text));
}

}  // namespace eventioz::client
