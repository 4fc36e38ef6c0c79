// Kafka's numeric error codes, as the broker sends them in responses (the protocol guide's
// table). They form their own std::error_category ("kafka"), whose values are the codes
// themselves, so an `error` carries the broker's exact answer and a caller can compare it:
// `failure == kafka_errc::topic_already_exists`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "base/result.h"

namespace eventioz::client {

// The codes this client reacts to or reports. Wire values: do not change.
enum class kafka_errc : int16_t {
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
  network_exception = 13,
  coordinator_load_in_progress = 14,
  coordinator_not_available = 15,
  not_coordinator = 16,
  invalid_topic_exception = 17,
  record_list_too_large = 18,
  not_enough_replicas = 19,
  not_enough_replicas_after_append = 20,
  invalid_required_acks = 21,
  topic_authorization_failed = 29,
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
  kafka_storage_error = 56,
  topic_deletion_disabled = 73,
  fenced_leader_epoch = 74,
  unknown_leader_epoch = 75,
  unsupported_compression_type = 76,
  offset_not_available = 78,
  invalid_record = 87,
  throttling_quota_exceeded = 89,
  resource_not_found = 91,
  unknown_topic_id = 100,
};

const std::error_category& kafka_error_category();

inline std::error_code make_error_code(kafka_errc code) {
  return {static_cast<int>(code), kafka_error_category()};
}

// "UNKNOWN_TOPIC_OR_PARTITION", or "error 123" for a code outside the table.
std::string kafka_error_name(int16_t code);

// Whether sending the same request again (after refreshing metadata) may succeed.
bool is_retriable(int16_t code);

// The error for a broker's answer `code` (not 0) while `doing` something, e.g.
// "creating topic orders: TOPIC_ALREADY_EXISTS: the topic already exists — choose another
// name, or delete it first". `broker_message` is the response's error_message, when it has one.
error kafka_error(int16_t code, std::string_view doing,
                  const std::optional<std::string>& broker_message = std::nullopt);

}  // namespace eventioz::client

template <>
struct std::is_error_code_enum<eventioz::client::kafka_errc> : std::true_type {};
