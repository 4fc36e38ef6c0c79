// Kafka's numeric error codes, and the one place where module errors become them.
#pragma once

#include <cstdint>

#include "base/result.h"

namespace eventioz::kafka {

// The codes this broker sends (numbers from the Kafka protocol guide; do not change).
enum class kafka_error : int16_t {
  none = 0,
  unknown_server_error = -1,
  offset_out_of_range = 1,
  corrupt_message = 2,
  unknown_topic_or_partition = 3,
  message_too_large = 10,
  invalid_topic_exception = 17,
  invalid_required_acks = 21,
  unsupported_version = 35,
  topic_already_exists = 36,
  invalid_partitions = 37,
  invalid_replication_factor = 38,
  invalid_config = 40,
  invalid_request = 42,
  kafka_storage_error = 56,
  unsupported_compression_type = 76,
  invalid_record = 87,
};

inline int16_t code_of(kafka_error e) { return static_cast<int16_t>(e); }

// Every error a handler can meet, mapped exhaustively by category and code.
kafka_error to_kafka_error(const error& failure);

}  // namespace eventioz::kafka
