// The binary format of a __transaction_state record: one per state change of a transactional
// id, the latest per key wins (the topic is compacted).
//
// On-disk format (do not change; a new layout gets a new version byte):
//
//   key    := transactional id (the UTF-8 bytes, as the client sent them)
//   value  := version:u8 (= 1)
//             producer_id:i64 producer_epoch:i16 last_producer_epoch:i16 timeout_ms:i32
//             state:u8 (transaction_state) start_ms:i64 last_update_ms:i64
//             partition_count:i32 { topic_length:i16 topic:bytes partition:i32 }*partition_count
//             group_count:i32 { group_length:i16 group:bytes }*group_count
//
// Integers are big-endian. Nothing may follow the last group.
#pragma once

#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "txn/transaction_metadata.h"

namespace eventioz::txn {

inline constexpr uint8_t transaction_record_version = 1;  // do not change

byte_buffer encode_transaction_value(const transaction_metadata& metadata);

// Every length checked against the bytes that remain. Errors: errc::coordinator_not_available
// with a message naming what is wrong (an unknown version, a truncated or over-long value).
result<transaction_metadata> decode_transaction_record(std::string transactional_id,
                                                       byte_span value);

}  // namespace eventioz::txn
