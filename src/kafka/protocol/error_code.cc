// The names of Kafka's error codes, as the protocol guide spells them.
#include "kafka/protocol/error_code.h"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace eventioz::kafka::protocol {
namespace {

struct named_code {
  error_code code;
  std::string_view name;
};

constexpr std::array<named_code, 68> names{{
    {error_code::unknown_server_error, "UNKNOWN_SERVER_ERROR"},
    {error_code::none, "NONE"},
    {error_code::offset_out_of_range, "OFFSET_OUT_OF_RANGE"},
    {error_code::corrupt_message, "CORRUPT_MESSAGE"},
    {error_code::unknown_topic_or_partition, "UNKNOWN_TOPIC_OR_PARTITION"},
    {error_code::invalid_fetch_size, "INVALID_FETCH_SIZE"},
    {error_code::leader_not_available, "LEADER_NOT_AVAILABLE"},
    {error_code::not_leader_or_follower, "NOT_LEADER_OR_FOLLOWER"},
    {error_code::request_timed_out, "REQUEST_TIMED_OUT"},
    {error_code::broker_not_available, "BROKER_NOT_AVAILABLE"},
    {error_code::replica_not_available, "REPLICA_NOT_AVAILABLE"},
    {error_code::message_too_large, "MESSAGE_TOO_LARGE"},
    {error_code::offset_metadata_too_large, "OFFSET_METADATA_TOO_LARGE"},
    {error_code::network_exception, "NETWORK_EXCEPTION"},
    {error_code::coordinator_load_in_progress, "COORDINATOR_LOAD_IN_PROGRESS"},
    {error_code::coordinator_not_available, "COORDINATOR_NOT_AVAILABLE"},
    {error_code::not_coordinator, "NOT_COORDINATOR"},
    {error_code::invalid_topic_exception, "INVALID_TOPIC_EXCEPTION"},
    {error_code::record_list_too_large, "RECORD_LIST_TOO_LARGE"},
    {error_code::not_enough_replicas, "NOT_ENOUGH_REPLICAS"},
    {error_code::not_enough_replicas_after_append, "NOT_ENOUGH_REPLICAS_AFTER_APPEND"},
    {error_code::invalid_required_acks, "INVALID_REQUIRED_ACKS"},
    {error_code::illegal_generation, "ILLEGAL_GENERATION"},
    {error_code::inconsistent_group_protocol, "INCONSISTENT_GROUP_PROTOCOL"},
    {error_code::invalid_group_id, "INVALID_GROUP_ID"},
    {error_code::unknown_member_id, "UNKNOWN_MEMBER_ID"},
    {error_code::invalid_session_timeout, "INVALID_SESSION_TIMEOUT"},
    {error_code::rebalance_in_progress, "REBALANCE_IN_PROGRESS"},
    {error_code::invalid_commit_offset_size, "INVALID_COMMIT_OFFSET_SIZE"},
    {error_code::topic_authorization_failed, "TOPIC_AUTHORIZATION_FAILED"},
    {error_code::group_authorization_failed, "GROUP_AUTHORIZATION_FAILED"},
    {error_code::cluster_authorization_failed, "CLUSTER_AUTHORIZATION_FAILED"},
    {error_code::invalid_timestamp, "INVALID_TIMESTAMP"},
    {error_code::unsupported_version, "UNSUPPORTED_VERSION"},
    {error_code::topic_already_exists, "TOPIC_ALREADY_EXISTS"},
    {error_code::invalid_partitions, "INVALID_PARTITIONS"},
    {error_code::invalid_replication_factor, "INVALID_REPLICATION_FACTOR"},
    {error_code::invalid_replica_assignment, "INVALID_REPLICA_ASSIGNMENT"},
    {error_code::invalid_config, "INVALID_CONFIG"},
    {error_code::not_controller, "NOT_CONTROLLER"},
    {error_code::invalid_request, "INVALID_REQUEST"},
    {error_code::policy_violation, "POLICY_VIOLATION"},
    {error_code::out_of_order_sequence_number, "OUT_OF_ORDER_SEQUENCE_NUMBER"},
    {error_code::duplicate_sequence_number, "DUPLICATE_SEQUENCE_NUMBER"},
    {error_code::invalid_producer_epoch, "INVALID_PRODUCER_EPOCH"},
    {error_code::invalid_txn_state, "INVALID_TXN_STATE"},
    {error_code::kafka_storage_error, "KAFKA_STORAGE_ERROR"},
    {error_code::unknown_producer_id, "UNKNOWN_PRODUCER_ID"},
    {error_code::invalid_producer_id_mapping, "INVALID_PRODUCER_ID_MAPPING"},
    {error_code::invalid_transaction_timeout, "INVALID_TRANSACTION_TIMEOUT"},
    {error_code::concurrent_transactions, "CONCURRENT_TRANSACTIONS"},
    {error_code::operation_not_attempted, "OPERATION_NOT_ATTEMPTED"},
    {error_code::producer_fenced, "PRODUCER_FENCED"},
    {error_code::non_empty_group, "NON_EMPTY_GROUP"},
    {error_code::group_id_not_found, "GROUP_ID_NOT_FOUND"},
    {error_code::topic_deletion_disabled, "TOPIC_DELETION_DISABLED"},
    {error_code::fenced_leader_epoch, "FENCED_LEADER_EPOCH"},
    {error_code::unknown_leader_epoch, "UNKNOWN_LEADER_EPOCH"},
    {error_code::unsupported_compression_type, "UNSUPPORTED_COMPRESSION_TYPE"},
    {error_code::offset_not_available, "OFFSET_NOT_AVAILABLE"},
    {error_code::member_id_required, "MEMBER_ID_REQUIRED"},
    {error_code::fenced_instance_id, "FENCED_INSTANCE_ID"},
    {error_code::group_subscribed_to_topic, "GROUP_SUBSCRIBED_TO_TOPIC"},
    {error_code::invalid_record, "INVALID_RECORD"},
    {error_code::unstable_offset_commit, "UNSTABLE_OFFSET_COMMIT"},
    {error_code::throttling_quota_exceeded, "THROTTLING_QUOTA_EXCEEDED"},
    {error_code::resource_not_found, "RESOURCE_NOT_FOUND"},
    {error_code::unknown_topic_id, "UNKNOWN_TOPIC_ID"},
}};

class kafka_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "kafka"; }
  std::string message(int code) const override {
    return error_code_name(static_cast<int16_t>(code));
  }
};

}  // namespace

std::string error_code_name(int16_t code) {
  for (const named_code& entry : names) {
    if (code_of(entry.code) == code) return std::string(entry.name);
  }
  return fmt::format("error {}", code);
}

const std::error_category& error_code_category() {
  static kafka_category instance;
  return instance;
}

}  // namespace eventioz::kafka::protocol
