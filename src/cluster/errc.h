// Expected failures of the cluster's control plane (topics and partitions).
#pragma once

#include <system_error>

namespace eventioz::cluster {

enum class errc {
  topic_exists = 1,            // CreateTopics for a name that is taken
  topic_not_found,             // no such topic (or it is being deleted)
  invalid_partition_count,     // zero, negative, above the limit, or not above the current count
  invalid_replication_factor,  // a single node holds one replica
  metadata_corrupt,            // a topic metadata file that does not parse
  out_of_order_sequence,       // an idempotent batch's sequence does not follow the last one
  invalid_producer_epoch,      // a producer epoch below the partition's: a fenced producer
  invalid_txn_state,           // a transactional batch for no transaction begun here
  producer_batch_refused,      // a control batch from a client, or an idempotent batch not alone
  producer_state_corrupt,      // the producer-state snapshot does not parse
  internal_topic,  // a client writing to or changing an internal topic (internal_topics.h)
  closing,         // the topic manager is closing: no partition is opened any more
};

const std::error_category& error_category();

inline std::error_code make_error_code(errc code) {
  return {static_cast<int>(code), error_category()};
}

}  // namespace eventioz::cluster

template <>
struct std::is_error_code_enum<eventioz::cluster::errc> : std::true_type {};
