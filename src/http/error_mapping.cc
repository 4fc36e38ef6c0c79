// Module errors to HTTP statuses and problem slugs (error_mapping.h).
#include "http/error_mapping.h"

#include "cluster/errc.h"
#include "eventstore/errc.h"
#include "groups/errc.h"
#include "http/errc.h"
#include "model/errc.h"
#include "storage/errc.h"

namespace eventioz::http {
namespace {

constexpr http_error_kind internal_error{500, "internal-error", "Internal error"};
constexpr http_error_kind storage_error{500, "storage-error", "The broker's storage failed"};

http_error_kind from_cluster(cluster::errc code) {
  switch (code) {
    case cluster::errc::topic_exists:
      return {409, "topic-exists", "The topic exists"};
    case cluster::errc::topic_not_found:
      return {404, "unknown-topic", "Unknown topic"};
    case cluster::errc::invalid_partition_count:
      return {400, "invalid-partitions", "Invalid partition count"};
    case cluster::errc::invalid_replication_factor:
      return {400, "invalid-replication-factor", "Invalid replication factor"};
    case cluster::errc::metadata_corrupt:
    case cluster::errc::producer_state_corrupt:
      return storage_error;
    // Kafka producers' idempotence/transaction refusals: the HTTP API never sends producer
    // ids, so these reach HTTP only through a bug; still, they are the client's batch.
    case cluster::errc::out_of_order_sequence:
    case cluster::errc::invalid_producer_epoch:
    case cluster::errc::invalid_txn_state:
    case cluster::errc::producer_batch_refused:
      return {409, "producer-refused", "The partition refused the producer's batch"};
    case cluster::errc::internal_topic:
      return {403, "internal-topic", "Internal topics are the broker's"};
    case cluster::errc::closing:
      return {503, "shutting-down", "The broker is shutting down"};
  }
  return internal_error;
}

http_error_kind from_storage(storage::errc code) {
  switch (code) {
    case storage::errc::offset_out_of_range:
      return {416, "offset-out-of-range", "Offset out of range"};
    case storage::errc::batch_too_large:
      return {413, "batch-too-large", "The records are too large for the topic"};
    case storage::errc::invalid_config:
      return {400, "invalid-config", "Invalid config"};
    case storage::errc::partition_not_found:
      return {404, "unknown-partition", "Unknown partition"};
    case storage::errc::invalid_partition_name:
      return {400, "invalid-topic-name", "Invalid topic name"};
    case storage::errc::partition_exists:
      return {409, "topic-exists", "The topic exists"};
    case storage::errc::log_closed:
      return {503, "shutting-down", "The partition is closing"};
    case storage::errc::corrupt_data:
    case storage::errc::committed_data_damaged:
    case storage::errc::truncation_below_committed:
      return storage_error;
  }
  return internal_error;
}

http_error_kind from_model(model::errc code) {
  switch (code) {
    // The HTTP API builds batches itself; a refused one is a record too large for the format
    // (record_invalid) or a bug.
    case model::errc::record_invalid:
    case model::errc::timestamp_invalid:
      return {400, "invalid-record", "Invalid record"};
    case model::errc::decompressed_too_large:
      return {413, "batch-too-large", "The records are too large"};
    case model::errc::batch_truncated:
    case model::errc::batch_length_invalid:
    case model::errc::unsupported_magic:
    case model::errc::crc_mismatch:
    case model::errc::record_count_invalid:
    case model::errc::producer_fields_invalid:
      return storage_error;
    case model::errc::unsupported_compression:
    case model::errc::compression_failed:
      return {500, "compression-failed", "Compression failed"};
  }
  return internal_error;
}

http_error_kind from_groups(groups::errc code) {
  switch (code) {
    case groups::errc::invalid_group_id:
      return {400, "invalid-group-id", "Invalid group id"};
    case groups::errc::group_id_not_found:
      return {404, "unknown-group", "Unknown group"};
    case groups::errc::non_empty_group:
      return {409, "group-not-empty", "The group has members"};
    case groups::errc::unknown_topic_or_partition:
      return {404, "unknown-partition", "Unknown topic or partition"};
    case groups::errc::offset_metadata_too_large:
      return {400, "metadata-too-large", "Offset metadata too large"};
    case groups::errc::rebalance_in_progress:
    case groups::errc::unstable_offset_commit:
    case groups::errc::group_subscribed_to_topic:
    case groups::errc::illegal_generation:
    case groups::errc::unknown_member_id:
    case groups::errc::member_id_required:
    case groups::errc::fenced_instance_id:
    case groups::errc::inconsistent_group_protocol:
    case groups::errc::invalid_producer_epoch:
      return {409, "group-conflict", "The group's state refuses the request"};
    case groups::errc::invalid_session_timeout:
      return {400, "invalid-session-timeout", "Invalid session timeout"};
    case groups::errc::coordinator_not_available:
      return {503, "shutting-down", "The group coordinator is not available"};
  }
  return internal_error;
}

http_error_kind from_http(errc code) {
  switch (code) {
    case errc::bad_json:
      return {400, "bad-json", "The body is not JSON"};
    case errc::invalid_request:
      return {400, "invalid-request", "The request is not valid"};
    case errc::too_many_records:
      return {413, "too-many-records", "Too many records in one request"};
    case errc::unknown_partition:
      return {404, "unknown-partition", "Unknown partition"};
  }
  return internal_error;
}

http_error_kind from_eventstore(eventstore::errc code) {
  using eventstore::errc;
  switch (code) {
    case errc::not_a_store:
      return {404, "not-a-store", "The topic is not an event store"};
    case errc::store_not_found:
      return {404, "unknown-store", "Unknown store"};
    case errc::stream_not_found:
      return {404, "stream-not-found", "The stream has no events"};
    case errc::stream_deleted:
      return {410, "stream-deleted", "The stream was deleted"};
    case errc::wrong_expected_version:
      return {409, "wrong-expected-version", "The stream is not at the expected version"};
    case errc::invalid_expected_version:
      return {400, "invalid-expected-version", "Invalid expected version"};
    case errc::event_id_conflict:
      return {409, "event-id-conflict", "An event id is used by another append"};
    case errc::invalid_event:
      return {400, "invalid-event", "Invalid event"};
    case errc::transactional_write:
      return {400, "transactional-write", "Event stores take no transactional writes"};
    case errc::invalid_reducer:
      return {400, "invalid-reducer", "Invalid reducer spec"};
    case errc::reducer_failed:
      return {422, "reducer-failed", "The reducer could not apply an event"};
    case errc::version_out_of_range:
      return {416, "version-out-of-range", "Version out of range"};
    case errc::invalid_store_config:
      return {400, "invalid-store-config", "Invalid store config"};
    case errc::index_failed:  // mostly transient: a partition recovering from a failed write
      return {503, "index-unavailable", "The stream index is not available; retry"};
    case errc::projection_not_found:
      return {404, "projection-not-found", "Unknown projection"};
    case errc::projection_exists:
      return {409, "projection-exists", "The projection exists"};
    case errc::invalid_projection:
      return {400, "invalid-projection", "Invalid projection"};
  }
  return internal_error;
}

}  // namespace

http_error_kind kind_of(std::error_code code) {
  const auto& category = code.category();
  if (category == cluster::error_category()) {
    return from_cluster(static_cast<cluster::errc>(code.value()));
  }
  if (category == storage::error_category()) {
    return from_storage(static_cast<storage::errc>(code.value()));
  }
  if (category == model::error_category()) {
    return from_model(static_cast<model::errc>(code.value()));
  }
  // Helpers shared with other routes (http_request::query_integer, parse_data_format) report
  // bad input as std::errc::invalid_argument.
  if (code == std::errc::invalid_argument) {
    return {400, "invalid-request", "The request is not valid"};
  }
  // A disk that fails or fills up: the broker's storage, not the request.
  if (code == std::errc::io_error || code == std::errc::no_space_on_device) return storage_error;
  if (category == error_category()) return from_http(static_cast<errc>(code.value()));
  if (category == groups::error_category()) {
    return from_groups(static_cast<groups::errc>(code.value()));
  }
  if (category == eventstore::error_category()) {
    return from_eventstore(static_cast<eventstore::errc>(code.value()));
  }
  return internal_error;
}

http_response error_response(const error& failure) {
  http_error_kind kind = kind_of(failure.code());
  std::string detail = failure.message().empty() ? failure.code().message() : failure.message();
  return problem(kind.status, kind.slug, kind.title, detail);
}

}  // namespace eventioz::http
