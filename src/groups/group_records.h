// The records the coordinator keeps in __consumer_offsets: their keys (what compaction keeps
// the latest of) and values. The grammar is in docs/consumer-groups.md; these bytes are on
// disk: do not change a layout, add a new version instead.
//
//   key   := record_type:uint8 group_id:string (per type below)
//   value := version:uint8 (= 0) fields... | null (a tombstone: the key is deleted)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "groups/group_types.h"

namespace eventioz::groups {

// On-disk values: do not change.
enum class record_type : uint8_t {
  offset = 0,           // key + topic + partition; value: the committed offset
  group_metadata = 1,   // key only; value: generation, protocol, members
  pending_offset = 2,   // key + topic + partition + producer id; value: epoch + offset
  transaction_end = 3,  // key + producer id; value: committed or aborted
};

struct record_key {
  record_type type = record_type::offset;
  std::string group_id;
  std::string topic;         // offset, pending_offset
  int32_t partition = 0;     // offset, pending_offset
  int64_t producer_id = -1;  // pending_offset, transaction_end
};

struct stored_member {
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string client_host;
  int32_t session_timeout_ms = 0;
  int32_t rebalance_timeout_ms = 0;
  byte_buffer subscription;  // the chosen protocol's metadata
  byte_buffer assignment;
};

struct stored_group {
  std::string protocol_type;
  int32_t generation_id = 0;
  std::string protocol_name;
  std::string leader_id;
  int64_t timestamp_ms = 0;
  std::vector<stored_member> members;
};

struct stored_pending_offset {
  int16_t producer_epoch = -1;
  committed_offset value;
};

byte_buffer encode_key(const record_key& key);
byte_buffer encode_offset(const committed_offset& value);
byte_buffer encode_pending_offset(const stored_pending_offset& value);
byte_buffer encode_transaction_end(bool committed);
byte_buffer encode_group(const stored_group& value);

// Each fails with storage::errc::corrupt_data naming what did not parse.
result<record_key> decode_key(byte_span bytes);
result<committed_offset> decode_offset(byte_span bytes);
result<stored_pending_offset> decode_pending_offset(byte_span bytes);
result<bool> decode_transaction_end(byte_span bytes);
result<stored_group> decode_group(byte_span bytes);

}  // namespace eventioz::groups
