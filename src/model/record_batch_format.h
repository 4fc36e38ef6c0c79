// The byte layout of a Kafka RecordBatch (magic 2), the unit that producers send, the log
// stores and consumers fetch. On-disk and on-wire format: do not change any value here.
//
//   batch        = base_offset:int64 batch_length:int32 partition_leader_epoch:int32 magic:int8
//                  crc:uint32 attributes:int16 last_offset_delta:int32 base_timestamp:int64
//                  max_timestamp:int64 producer_id:int64 producer_epoch:int16
//                  base_sequence:int32 record_count:int32 records
//   batch_length = the number of bytes after the batch_length field
//   crc          = CRC-32C of everything from attributes to the end of the batch
//   records      = record{record_count}, compressed as a whole when attributes say so
//   record       = length:varint attributes:int8 timestamp_delta:varlong offset_delta:varint
//                  key_length:varint key:bytes value_length:varint value:bytes
//                  header_count:varint header{header_count}
//   header       = key_length:varint key:bytes value_length:varint value:bytes
// All fixed-size integers are big-endian; varints are zigzag; a length of -1 means null.
#pragma once

#include <cstddef>
#include <cstdint>

namespace eventioz::model::batch_layout {

inline constexpr size_t base_offset_at = 0;
inline constexpr size_t batch_length_at = 8;
inline constexpr size_t partition_leader_epoch_at = 12;
inline constexpr size_t magic_at = 16;
inline constexpr size_t crc_at = 17;
inline constexpr size_t attributes_at = 21;
inline constexpr size_t last_offset_delta_at = 23;
inline constexpr size_t base_timestamp_at = 27;
inline constexpr size_t max_timestamp_at = 35;
inline constexpr size_t producer_id_at = 43;
inline constexpr size_t producer_epoch_at = 51;
inline constexpr size_t base_sequence_at = 53;
inline constexpr size_t record_count_at = 57;
inline constexpr size_t header_size = 61;

// The bytes before batch_length's count starts: base_offset and batch_length themselves.
inline constexpr size_t length_prefix_size = 12;

inline constexpr int8_t magic_v2 = 2;

// attributes bits
inline constexpr int16_t compression_mask = 0x07;
inline constexpr int16_t timestamp_type_bit = 0x08;  // 1 = LogAppendTime
inline constexpr int16_t transactional_bit = 0x10;
inline constexpr int16_t control_bit = 0x20;
inline constexpr int16_t delete_horizon_bit = 0x40;

}  // namespace eventioz::model::batch_layout
