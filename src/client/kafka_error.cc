// The table behind kafka_error.h: each code's name as Kafka spells it, whether a retry can help,
// and what a person should do about it.
#include "client/kafka_error.h"

#include <fmt/format.h>

#include <array>

namespace eventioz::client {
namespace {

struct kafka_error_info {
  kafka_errc code;
  std::string_view name;
  bool retriable;
  std::string_view hint;  // what to do; empty when the name says it all
};

constexpr std::array<kafka_error_info, 43> table{{
    {kafka_errc::unknown_server_error, "UNKNOWN_SERVER_ERROR", false,
     "the broker failed unexpectedly; its log says why"},
    {kafka_errc::none, "NONE", false, ""},
    {kafka_errc::offset_out_of_range, "OFFSET_OUT_OF_RANGE", false,
     "the offset is before the log start or after the end; use --from-beginning or an offset "
     "within the partition"},
    {kafka_errc::corrupt_message, "CORRUPT_MESSAGE", false,
     "the broker found a corrupt record batch"},
    {kafka_errc::unknown_topic_or_partition, "UNKNOWN_TOPIC_OR_PARTITION", true,
     "no such topic or partition; create it with `eventioz topic create` or check the name"},
    {kafka_errc::invalid_fetch_size, "INVALID_FETCH_SIZE", false, ""},
    {kafka_errc::leader_not_available, "LEADER_NOT_AVAILABLE", true,
     "the partition has no leader yet; retry in a moment"},
    {kafka_errc::not_leader_or_follower, "NOT_LEADER_OR_FOLLOWER", true,
     "leadership moved; retry after refreshing metadata"},
    {kafka_errc::request_timed_out, "REQUEST_TIMED_OUT", true,
     "the broker could not complete the request in time"},
    {kafka_errc::broker_not_available, "BROKER_NOT_AVAILABLE", false, ""},
    {kafka_errc::replica_not_available, "REPLICA_NOT_AVAILABLE", true, ""},
    {kafka_errc::message_too_large, "MESSAGE_TOO_LARGE", false,
     "a batch exceeds the broker's max.message.bytes; send smaller records or batches"},
    {kafka_errc::network_exception, "NETWORK_EXCEPTION", true, ""},
    {kafka_errc::coordinator_load_in_progress, "COORDINATOR_LOAD_IN_PROGRESS", true, ""},
    {kafka_errc::coordinator_not_available, "COORDINATOR_NOT_AVAILABLE", true, ""},
    {kafka_errc::not_coordinator, "NOT_COORDINATOR", true, ""},
    {kafka_errc::invalid_topic_exception, "INVALID_TOPIC_EXCEPTION", false,
     "topic names use letters, digits, '.', '_' and '-', at most 249 characters"},
    {kafka_errc::record_list_too_large, "RECORD_LIST_TOO_LARGE", false,
     "the request is larger than the broker accepts; lower --batch-bytes"},
    {kafka_errc::not_enough_replicas, "NOT_ENOUGH_REPLICAS", true, ""},
    {kafka_errc::not_enough_replicas_after_append, "NOT_ENOUGH_REPLICAS_AFTER_APPEND", true, ""},
    {kafka_errc::invalid_required_acks, "INVALID_REQUIRED_ACKS", false, "acks must be 0, 1 or all"},
    {kafka_errc::topic_authorization_failed, "TOPIC_AUTHORIZATION_FAILED", false,
     "this client may not use the topic"},
    {kafka_errc::cluster_authorization_failed, "CLUSTER_AUTHORIZATION_FAILED", false,
     "this client may not perform cluster operations"},
    {kafka_errc::invalid_timestamp, "INVALID_TIMESTAMP", false,
     "a record's timestamp is outside the topic's accepted range"},
    {kafka_errc::unsupported_version, "UNSUPPORTED_VERSION", false,
     "the broker does not support this request version"},
    {kafka_errc::topic_already_exists, "TOPIC_ALREADY_EXISTS", false,
     "the topic already exists; choose another name, or delete it first"},
    {kafka_errc::invalid_partitions, "INVALID_PARTITIONS", false,
     "the partition count must be at least 1 (and can only grow)"},
    {kafka_errc::invalid_replication_factor, "INVALID_REPLICATION_FACTOR", false,
     "the replication factor cannot exceed the number of brokers"},
    {kafka_errc::invalid_replica_assignment, "INVALID_REPLICA_ASSIGNMENT", false, ""},
    {kafka_errc::invalid_config, "INVALID_CONFIG", false,
     "a configuration name or value was refused; see docs/configuration.md"},
    {kafka_errc::not_controller, "NOT_CONTROLLER", true,
     "this broker is not the controller; retry after refreshing metadata"},
    {kafka_errc::invalid_request, "INVALID_REQUEST", false,
     "the broker refused the request as malformed"},
    {kafka_errc::policy_violation, "POLICY_VIOLATION", false,
     "the request breaks a policy of the broker"},
    {kafka_errc::kafka_storage_error, "KAFKA_STORAGE_ERROR", true,
     "the broker could not read or write its disk; its log says why"},
    {kafka_errc::topic_deletion_disabled, "TOPIC_DELETION_DISABLED", false,
     "the broker does not allow deleting topics"},
    {kafka_errc::fenced_leader_epoch, "FENCED_LEADER_EPOCH", true, ""},
    {kafka_errc::unknown_leader_epoch, "UNKNOWN_LEADER_EPOCH", true, ""},
    {kafka_errc::unsupported_compression_type, "UNSUPPORTED_COMPRESSION_TYPE", false,
     "the broker or topic does not accept this codec; try --compression none"},
    {kafka_errc::offset_not_available, "OFFSET_NOT_AVAILABLE", true, ""},
    {kafka_errc::invalid_record, "INVALID_RECORD", false,
     "the broker refused a record (for example, a compacted topic needs keys)"},
    {kafka_errc::throttling_quota_exceeded, "THROTTLING_QUOTA_EXCEEDED", true, ""},
    {kafka_errc::resource_not_found, "RESOURCE_NOT_FOUND", false, ""},
    {kafka_errc::unknown_topic_id, "UNKNOWN_TOPIC_ID", true, ""},
}};

const kafka_error_info* find(int16_t code) {
  for (const kafka_error_info& info : table) {
    if (static_cast<int16_t>(info.code) == code) return &info;
  }
  return nullptr;
}

class kafka_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "kafka"; }
  std::string message(int code) const override {
    return kafka_error_name(static_cast<int16_t>(code));
  }
};

}  // namespace

const std::error_category& kafka_error_category() {
  static kafka_category instance;
  return instance;
}

std::string kafka_error_name(int16_t code) {
  const kafka_error_info* info = find(code);
  return info != nullptr ? std::string(info->name) : fmt::format("error {}", code);
}

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
  return error(std::error_code(code, kafka_error_category()), std::move(text));
}

}  // namespace eventioz::client
