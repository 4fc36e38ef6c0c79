// The per-log settings, named and defaulted as Kafka's topic configs are so that Kafka tools
// can read and alter them. docs/storage.md lists every key.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/result.h"

namespace eventioz::storage {

enum class cleanup_policy { delete_segments, compact, compact_and_delete };

struct log_config {
  // segment.bytes: roll the active segment when the next batch would take it past this size.
  uint64_t segment_bytes = 1ull << 30;
  // segment.ms: roll the active segment when it has been written to for this long.
  int64_t segment_ms = 7 * 24 * 3600 * 1000ll;
  // segment.index.bytes: the most index bytes one segment may have; roll when reached.
  uint64_t segment_index_bytes = 10 * 1024 * 1024;
  // index.interval.bytes: bytes of batches between two index entries.
  uint64_t index_interval_bytes = 4096;
  // retention.ms: delete sealed segments whose newest record is older; -1 = keep forever.
  int64_t retention_ms = 7 * 24 * 3600 * 1000ll;
  // retention.bytes: delete the oldest sealed segments while the log is larger; -1 = no limit.
  int64_t retention_bytes = -1;
  // flush.messages: fsync after this many messages. 1 (the default) = every append is durable
  // before it completes; anything larger is an opt-in window of possible loss.
  int64_t flush_messages = 1;
  // flush.ms: when flush.messages > 1, the longest unflushed data may wait; 0 = no time bound.
  int64_t flush_ms = 0;
  // cleanup.policy: delete, compact, or "compact,delete".
  cleanup_policy cleanup = cleanup_policy::delete_segments;
  // delete.retention.ms: how long a compacted log keeps tombstones.
  int64_t delete_retention_ms = 24 * 3600 * 1000ll;
  // max.message.bytes: the largest batch accepted.
  uint64_t max_message_bytes = 1048588;
  // preallocate: zero-fill the active segment ahead of the writes, so appends overwrite
  // allocated blocks (see io::file::prefill_zeros).
  bool preallocate = true;

  bool syncs_every_append() const { return flush_messages <= 1; }
  bool compacts() const { return cleanup != cleanup_policy::delete_segments; }
  bool deletes() const { return cleanup != cleanup_policy::compact; }
};

// Sets one key ("segment.bytes", ...) from its string value. Unknown keys and values that do not
// parse or are out of range give errc::invalid_config with a message naming the key.
status apply_config(log_config& config, std::string_view key, std::string_view value);

// Applies every entry; stops at the first error.
result<log_config> make_log_config(const std::map<std::string, std::string>& entries,
                                   log_config base = {});

// The current value of every key, as strings, for DescribeConfigs.
std::map<std::string, std::string> describe_config(const log_config& config);

}  // namespace eventioz::storage
