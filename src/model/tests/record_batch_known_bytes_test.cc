// One small batch written out byte by byte from the Kafka protocol's description of
// RecordBatch v2, so the format is checked against the spec rather than against our own
// reader. The CRC was computed by an independent implementation (kafka-python's crc32c) and
// the batch accepted by kafka-python's DefaultRecordBatch.
#include <gtest/gtest.h>

#include "model/record_batch.h"
#include "model/tests/batch_test_expect.h"
#include "model/tests/batch_test_support.h"

namespace eventioz::model {
namespace {

using namespace testing;

// Two records at base offset 0:
//   0: timestamp 1000, key "k", value "v", no headers
//   1: timestamp 1005, null key, null value, header "h" = "x"
const byte_buffer expected_batch = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // base_offset 0
    0x00, 0x00, 0x00, 0x45,                          // batch_length 69 = 81 - 12
    0xff, 0xff, 0xff, 0xff,                          // partition_leader_epoch -1
    0x02,                                            // magic 2
    0x02, 0x9c, 0x44, 0x2a,                          // crc, over the bytes below
    0x00, 0x00,                                      // attributes: no codec, CreateTime
    0x00, 0x00, 0x00, 0x01,                          // last_offset_delta 1
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8,  // base_timestamp 1000
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xed,  // max_timestamp 1005
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // producer_id -1
    0xff, 0xff,                                      // producer_epoch -1
    0xff, 0xff, 0xff, 0xff,                          // base_sequence -1
    0x00, 0x00, 0x00, 0x02,                          // record_count 2
    // record 0 (varints are zigzag: n is written as 2n, -1 as 1)
    0x10,        // length 8
    0x00,        // attributes
    0x00,        // timestamp_delta 0
    0x00,        // offset_delta 0
    0x02, 0x6b,  // key length 1, "k"
    0x02, 0x76,  // value length 1, "v"
    0x00,        // header count 0
    // record 1
    0x14,        // length 10
    0x00,        // attributes
    0x0a,        // timestamp_delta 5
    0x02,        // offset_delta 1
    0x01,        // key length -1: null
    0x01,        // value length -1: null (a tombstone)
    0x02,        // header count 1
    0x02, 0x68,  // header key length 1, "h"
    0x02, 0x78,  // header value length 1, "x"
};

std::vector<record_to_write> expected_records() {
  std::vector<record_to_write> records;
  records.push_back({bytes_of("k"), bytes_of("v"), {}, 1000});
  records.push_back({std::nullopt, std::nullopt, {{"h", bytes_of("x")}}, 1005});
  return records;
}

TEST(record_batch_known_bytes, build_writes_the_spec_bytes) {
  auto batch = build_batch(expected_records(), {});
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->size(), expected_batch.size());
  for (size_t i = 0; i < expected_batch.size(); ++i) {
    EXPECT_EQ((*batch)[i], expected_batch[i]) << "byte " << i;
  }
}

TEST(record_batch_known_bytes, the_spec_bytes_read_back) {
  auto header = validate_batch(expected_batch);
  ASSERT_TRUE(header.ok()) << header.error_value().to_string();
  EXPECT_EQ(header->crc, 0x029c442au);
  EXPECT_EQ(header->batch_length, 69);
  EXPECT_EQ(header->last_offset(), offset(1));
  EXPECT_EQ(header->base_timestamp, 1000);
  EXPECT_EQ(header->max_timestamp, 1005);
  EXPECT_EQ(header->codec(), compression::none);
  EXPECT_TRUE(validate_records(expected_batch, 1 << 20).ok());
  auto records = read_records(expected_batch, 1 << 20);
  ASSERT_TRUE(records.ok());
  expect_same_records(*records, expected_records(), offset(0));
}

}  // namespace
}  // namespace eventioz::model
