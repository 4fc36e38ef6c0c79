// Kafka RecordBatch v2: parsing and validating the header, rewriting the fields the broker
// owns (base offset, partition leader epoch), and iterating the records inside. The layout is
// in record_batch_format.h. Everything here works on untrusted bytes: each length is checked
// against the bytes that remain before it is used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "base/strong_id.h"
#include "model/compression.h"
#include "model/errc.h"

namespace eventioz::model {

// The fixed 61-byte header of a batch, decoded.
struct record_batch_header {
  offset base_offset;
  int32_t batch_length = 0;  // bytes after the batch_length field
  int32_t partition_leader_epoch = -1;
  int8_t magic = 2;
  uint32_t crc = 0;
  int16_t attributes = 0;
  int32_t last_offset_delta = 0;
  int64_t base_timestamp = 0;
  int64_t max_timestamp = 0;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  int32_t record_count = 0;

  // The whole batch on disk or on the wire, header included.
  size_t size_bytes() const { return static_cast<size_t>(batch_length) + 12; }
  offset last_offset() const { return base_offset + last_offset_delta; }
  compression codec() const;  // may be an unsupported value: check with validate
  bool is_transactional() const;
  bool is_control() const;
  bool uses_log_append_time() const;
};

// Decodes the header at the front of `bytes` and checks only what is needed to know the batch's
// extent: enough bytes for a header, batch_length within [49, batch_size_max - 12], and magic 2.
// It does not require the whole batch to be present and does not check the CRC.
result<record_batch_header> parse_batch_header(byte_span bytes, size_t batch_size_max = 1 << 30);

// Fully validates the one batch that `batch` holds exactly (no bytes before or after): header
// as above, CRC-32C, record_count >= 0 and consistent with last_offset_delta, timestamps
// (max >= base, unless LogAppendTime), producer fields (none below -1: clients without
// idempotence send -1, and some send only the id as -1), a supported codec. Does not
// decompress.
result<record_batch_header> validate_batch(byte_span batch);

// Validates every record inside `batch` (decompressing, bounded by
// `decompressed_size_max`): record lengths, varints, offset deltas strictly increasing and
// within last_offset_delta, record count matching the header, no byte left over. Safe on any
// bytes, but does not check the CRC: run validate_batch first.
status validate_records(byte_span batch, size_t decompressed_size_max);

// Rewrites fields the broker owns. Neither is covered by the CRC, so the batch stays valid.
// REQUIRES: batch.size() >= header size.
void set_base_offset(mutable_byte_span batch, offset base);
void set_partition_leader_epoch(mutable_byte_span batch, int32_t epoch);
// Rewrites max_timestamp and sets the LogAppendTime bit, then recomputes the CRC (the only
// rewrite that needs one; the broker does it for topics with LogAppendTime).
void set_log_append_time(mutable_byte_span batch, int64_t timestamp_ms);

struct record_header {
  std::string key;
  std::optional<byte_buffer> value;  // nullopt = null
};

// One record, decoded and owning its bytes.
struct record {
  offset record_offset;
  int64_t timestamp = 0;
  std::optional<byte_buffer> key;    // nullopt = null key
  std::optional<byte_buffer> value;  // nullopt = null value (a tombstone)
  std::vector<record_header> headers;
};

// Decodes all records of a batch (decompressing, bounded by `decompressed_size_max`), after
// checking it as validate_batch and validate_records do, CRC included. Offsets and timestamps
// are absolute: base + delta (or the batch's max_timestamp for LogAppendTime batches).
result<std::vector<record>> read_records(byte_span batch, size_t decompressed_size_max);

// What a producer puts in a batch; used by tools, tests and internal topics.
struct record_to_write {
  std::optional<byte_buffer> key;
  std::optional<byte_buffer> value;
  std::vector<record_header> headers;
  int64_t timestamp = 0;      // absolute, ms
  int32_t offset_delta = -1;  // -1 = its position in the batch
};

struct batch_options {
  compression codec = compression::none;
  offset base_offset{0};
  int32_t partition_leader_epoch = -1;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  int32_t base_sequence = -1;
  bool transactional = false;
  bool control = false;
  // When set, last_offset_delta is this instead of the last record's delta (compaction keeps
  // a batch's original extent after dropping records).
  std::optional<int32_t> last_offset_delta;
};

// Builds one complete, valid batch (CRC computed). The base timestamp is the first record's,
// as Kafka clients write it. Fails with record_invalid when offset deltas do not strictly
// increase or a field is too long for the format. A batch without records is written
// uncompressed whatever options.codec says, as Kafka does. REQUIRES: at least one record, or
// options.last_offset_delta set.
result<byte_buffer> build_batch(const std::vector<record_to_write>& records,
                                const batch_options& options);

}  // namespace eventioz::model
