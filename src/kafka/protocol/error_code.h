// Kafka's numeric error codes (the protocol guide's table): what the broker sends in responses
// and the client reads back. One list for both sides. They form their own std::error_category
// ("kafka") whose values are the codes themselves, so an `error` can carry a broker's exact
// answer: `failure == error_code::topic_already_exists`.
#pragma once

#include <cstdint>
#include <string>
#include <system_error>

namespace eventioz::kafka::protocol {

// The codes Eventioz sends or reacts to. Wire values: do not change.
enum class error_code : int16_t {
  unknown_server_error = -1,
  none = 0,
  offset_out_of_range = 1,
  corrupt_message = 2,
  unknown_topic_or_partition = 3,
  invalid_fetch_size = 4,
  leader_not_available = 5,
  not_leader_or_follower = 6,
  request_timed_out = 7,
  broker_not_available = 8,
  replica_not_available = 9,
  message_too_large = 10,
  offset_metadata_too_large = 12,
  network_exception = 13,
  coordinator_load_in_progress = 14,
  coordinator_not_available = 15,
  not_coordinator = 16,
  invalid_topic_exception = 17,
  record_list_too_large = 18,
  not_enough_replicas = 19,
  not_enough_replicas_after_append = 20,
  invalid_required_acks = 21,
  illegal_generation = 22,
  inconsistent_group_protocol = 23,
  invalid_group_id = 24,
  unknown_member_id = 25,
  invalid_session_timeout = 26,
  rebalance_in_progress = 27,
  invalid_commit_offset_size = 28,
  topic_authorization_failed = 29,
  group_authorization_failed = 30,
  cluster_authorization_failed = 31,
  invalid_timestamp = 32,
  unsupported_version = 35,
  topic_already_exists = 36,
  invalid_partitions = 37,
  invalid_replication_factor = 38,
  invalid_replica_assignment = 39,
  invalid_config = 40,
  not_controller = 41,
  invalid_request = 42,
  policy_violation = 44,
  out_of_order_sequence_number = 45,
  duplicate_sequence_number = 46,
  invalid_producer_epoch = 47,
  invalid_txn_state = 48,
  kafka_storage_error = 56,
  unknown_producer_id = 59,
  invalid_producer_id_mapping = 49,
  invalid_transaction_timeout = 50,
  concurrent_transactions = 51,
  operation_not_attempted = 55,
  producer_fenced = 90,
  non_empty_group = 68,
  group_id_not_found = 69,
  topic_deletion_disabled = 73,
  fenced_leader_epoch = 74,
  unknown_leader_epoch = 75,
  unsupported_compression_type = 76,
  offset_not_available = 78,
  member_id_required = 79,
  fenced_instance_id = 82,
  group_subscribed_to_topic = 86,
  invalid_record = 87,
  unstable_offset_commit = 88,
  throttling_quota_exceeded = 89,
  resource_not_found = 91,
  unknown_topic_id = 100,
};

inline int16_t code_of(error_code code) { return static_cast<int16_t>(code); }

// "UNKNOWN_TOPIC_OR_PARTITION", or "error 123" for a code outside the table.
std::string error_code_name(int16_t code);

const std::error_category& error_code_category();

inline std::error_code make_error_code(error_code code) {
  return {static_cast<int>(code), error_code_category()};
}

}  // namespace eventioz::kafka::protocol

template <>
struct std::is_error_code_enum<eventioz::kafka::protocol::error_code> : std::true_type {};
