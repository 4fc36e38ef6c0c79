// Module errors to Kafka error codes: one exhaustive switch per module, so a new errc value
// fails to compile (-Wswitch) until someone decides what clients should see.
#include "kafka/server/error_mapping.h"

#include "cluster/errc.h"
#include "eventstore/errc.h"
#include "groups/errc.h"
#include "kafka/protocol/errc.h"
#include "model/errc.h"
#include "storage/errc.h"
#include "txn/errc.h"

namespace eventioz::kafka {
namespace {

kafka_error from_model(model::errc code) {
  switch (code) {
    case model::errc::crc_mismatch:
    case model::errc::batch_truncated:
    case model::errc::batch_length_invalid:
    case model::errc::record_count_invalid:
      return kafka_error::corrupt_message;
    case model::errc::record_invalid:
    case model::errc::producer_fields_invalid:
    case model::errc::timestamp_invalid:
    case model::errc::unsupported_magic:
      return kafka_error::invalid_record;
    case model::errc::unsupported_compression:
    case model::errc::compression_failed:
      return kafka_error::unsupported_compression_type;
    case model::errc::decompressed_too_large:
      return kafka_error::message_too_large;
  }
  return kafka_error::unknown_server_error;
}

kafka_error from_storage(storage::errc code) {
  switch (code) {
    case storage::errc::offset_out_of_range:
      return kafka_error::offset_out_of_range;
    case storage::errc::batch_too_large:
      return kafka_error::message_too_large;
    case storage::errc::invalid_config:
      return kafka_error::invalid_config;
    case storage::errc::partition_not_found:
      return kafka_error::unknown_topic_or_partition;
    case storage::errc::invalid_partition_name:
      return kafka_error::invalid_topic_exception;
    case storage::errc::partition_exists:
      return kafka_error::topic_already_exists;
    case storage::errc::corrupt_data:
    case storage::errc::committed_data_damaged:
    case storage::errc::truncation_below_committed:
    case storage::errc::log_closed:
      return kafka_error::kafka_storage_error;
  }
  return kafka_error::unknown_server_error;
}

kafka_error from_cluster(cluster::errc code) {
  switch (code) {
    case cluster::errc::topic_exists:
      return kafka_error::topic_already_exists;
    case cluster::errc::topic_not_found:
      return kafka_error::unknown_topic_or_partition;
    case cluster::errc::invalid_partition_count:
      return kafka_error::invalid_partitions;
    case cluster::errc::invalid_replication_factor:
      return kafka_error::invalid_replication_factor;
    case cluster::errc::metadata_corrupt:
    case cluster::errc::producer_state_corrupt:
      return kafka_error::kafka_storage_error;
    case cluster::errc::out_of_order_sequence:
      return kafka_error::out_of_order_sequence_number;
    case cluster::errc::invalid_producer_epoch:
      return kafka_error::invalid_producer_epoch;
    case cluster::errc::invalid_txn_state:
      return kafka_error::invalid_txn_state;
    case cluster::errc::producer_batch_refused:
      return kafka_error::invalid_record;
    case cluster::errc::closing:
      return kafka_error::not_leader_or_follower;
    // Kafka's answer to a Produce or DeleteRecords on an internal topic; used for every
    // refused change to one (docs/kafka-compatibility.md).
    case cluster::errc::internal_topic:
      return kafka_error::invalid_topic_exception;
  }
  return kafka_error::unknown_server_error;
}

kafka_error from_groups(groups::errc code) {
  switch (code) {
    case groups::errc::invalid_group_id:
      return kafka_error::invalid_group_id;
    case groups::errc::invalid_session_timeout:
      return kafka_error::invalid_session_timeout;
    case groups::errc::inconsistent_group_protocol:
      return kafka_error::inconsistent_group_protocol;
    case groups::errc::unknown_member_id:
      return kafka_error::unknown_member_id;
    case groups::errc::member_id_required:
      return kafka_error::member_id_required;
    case groups::errc::fenced_instance_id:
      return kafka_error::fenced_instance_id;
    case groups::errc::illegal_generation:
      return kafka_error::illegal_generation;
    case groups::errc::rebalance_in_progress:
      return kafka_error::rebalance_in_progress;
    case groups::errc::non_empty_group:
      return kafka_error::non_empty_group;
    case groups::errc::group_id_not_found:
      return kafka_error::group_id_not_found;
    case groups::errc::offset_metadata_too_large:
      return kafka_error::offset_metadata_too_large;
    case groups::errc::unstable_offset_commit:
      return kafka_error::unstable_offset_commit;
    case groups::errc::group_subscribed_to_topic:
      return kafka_error::group_subscribed_to_topic;
    case groups::errc::coordinator_not_available:
      return kafka_error::coordinator_not_available;
    case groups::errc::invalid_producer_epoch:
      return kafka_error::invalid_producer_epoch;
    case groups::errc::unknown_topic_or_partition:
      return kafka_error::unknown_topic_or_partition;
  }
  return kafka_error::unknown_server_error;
}

kafka_error from_protocol(protocol::errc code) {
  switch (code) {
    case protocol::errc::malformed_message:
      return kafka_error::invalid_request;
    case protocol::errc::unsupported_version:
    case protocol::errc::unknown_api_key:
      return kafka_error::unsupported_version;
  }
  return kafka_error::unknown_server_error;
}

// PRODUCER_FENCED exists only in newer versions of some APIs; handlers that may send it
// (InitProducerId v4) translate INVALID_PRODUCER_EPOCH themselves.
kafka_error from_txn(txn::errc code) {
  switch (code) {
    case txn::errc::producer_fenced:
      return kafka_error::invalid_producer_epoch;
    case txn::errc::invalid_producer_id_mapping:
      return kafka_error::invalid_producer_id_mapping;
    case txn::errc::invalid_txn_state:
      return kafka_error::invalid_txn_state;
    case txn::errc::invalid_transaction_timeout:
      return kafka_error::invalid_transaction_timeout;
    case txn::errc::concurrent_transactions:
      return kafka_error::concurrent_transactions;
    case txn::errc::operation_not_attempted:
      return kafka_error::operation_not_attempted;
    case txn::errc::superseded_connection:  // handlers close the connection instead
      return kafka_error::network_exception;
    case txn::errc::coordinator_not_available:
      return kafka_error::coordinator_not_available;
  }
  return kafka_error::unknown_server_error;
}

// The event store's refusals of a produced batch (its records break a stream's rules).
kafka_error from_eventstore(eventstore::errc code) {
  switch (code) {
    case eventstore::errc::wrong_expected_version:
    case eventstore::errc::invalid_expected_version:
    case eventstore::errc::stream_deleted:
    case eventstore::errc::event_id_conflict:
    case eventstore::errc::invalid_event:
    case eventstore::errc::transactional_write:
      return kafka_error::invalid_record;
    case eventstore::errc::index_failed:  // retriable: the guard recovers by itself
      return kafka_error::kafka_storage_error;
    case eventstore::errc::not_a_store:
    case eventstore::errc::store_not_found:
    case eventstore::errc::stream_not_found:
    case eventstore::errc::invalid_reducer:
    case eventstore::errc::reducer_failed:
    case eventstore::errc::version_out_of_range:
    case eventstore::errc::invalid_store_config:
      return kafka_error::invalid_config;
    case eventstore::errc::projection_not_found:
    case eventstore::errc::projection_exists:
    case eventstore::errc::invalid_projection:
      return kafka_error::unknown_server_error;
  }
  return kafka_error::unknown_server_error;
}

}  // namespace

kafka_error to_kafka_error(const error& failure) {
  const std::error_code& code = failure.code();
  const std::error_category& category = code.category();
  if (category == model::error_category()) {
    return from_model(static_cast<model::errc>(code.value()));
  }
  if (category == storage::error_category()) {
    return from_storage(static_cast<storage::errc>(code.value()));
  }
  if (category == cluster::error_category()) {
    return from_cluster(static_cast<cluster::errc>(code.value()));
  }
  if (category == txn::error_category()) {
    return from_txn(static_cast<txn::errc>(code.value()));
  }
  if (category == groups::error_category()) {
    return from_groups(static_cast<groups::errc>(code.value()));
  }
  if (category == eventstore::error_category()) {
    return from_eventstore(static_cast<eventstore::errc>(code.value()));
  }
  if (category == protocol::error_category()) {
    return from_protocol(static_cast<protocol::errc>(code.value()));
  }
  // Operating-system errors come from the disk: EIO, ENOSPC, a failed fsync.
  if (category == std::generic_category() || category == std::system_category()) {
    return kafka_error::kafka_storage_error;
  }
  return kafka_error::unknown_server_error;
}

kafka_error to_kafka_error(std::error_code code) {
  if (!code) return kafka_error::none;
  return to_kafka_error(error(code, std::string()));
}

std::string message_for_client(const error& failure) {
  constexpr size_t length_max = 1024;
  std::string message = failure.message();
  if (message.size() <= length_max) return message;
  size_t cut = length_max;
  // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (cut > 0 && (static_cast<uint8_t>(message[cut]) & 0xC0) == 0x80) --cut;
  message.resize(cut);
  return message + "...";
}

}  // namespace eventioz::kafka
