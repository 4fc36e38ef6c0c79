// Decoding what a Fetch returns: whole batches, batches that start before the fetch offset,
// control batches, a batch cut short at the end, and corruption.
#include "client/fetched_records.h"

#include <gtest/gtest.h>

#include "client/errc.h"

namespace eventioz::client {
namespace {

byte_buffer batch_at(int64_t base_offset, int count, bool control = false) {
  std::vector<model::record_to_write> records(count);
  for (int i = 0; i < count; ++i) {
    std::string value = "v" + std::to_string(base_offset + i);
    records[i].value = byte_buffer(value.begin(), value.end());
    records[i].timestamp = 1000 + i;
  }
  auto built =
      model::build_batch(records, {.base_offset = offset(base_offset), .control = control});
  EXPECT_TRUE(built.ok());
  return std::move(built).value();
}

byte_buffer joined(std::initializer_list<byte_buffer> batches) {
  byte_buffer all;
  for (const byte_buffer& batch : batches) all.insert(all.end(), batch.begin(), batch.end());
  return all;
}

std::vector<int64_t> offsets_of(const fetched_records& fetched) {
  std::vector<int64_t> offsets;
  for (const auto& record : fetched.records) offsets.push_back(record.record_offset.value());
  return offsets;
}

TEST(fetched_records, whole_batches_in_order) {
  byte_buffer data = joined({batch_at(0, 3), batch_at(3, 2)});
  auto fetched = decode_fetched_records(data, offset(0), 1 << 20);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(offsets_of(*fetched), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(fetched->next_offset, offset(5));
  EXPECT_FALSE(fetched->truncated_tail);
}

TEST(fetched_records, records_before_the_fetch_offset_are_dropped) {
  byte_buffer data = joined({batch_at(0, 3), batch_at(3, 2)});
  auto fetched = decode_fetched_records(data, offset(4), 1 << 20);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(offsets_of(*fetched), (std::vector<int64_t>{4}));
  EXPECT_EQ(fetched->next_offset, offset(5));
}

TEST(fetched_records, control_batches_are_skipped_but_advance_the_position) {
  byte_buffer data = joined({batch_at(0, 1), batch_at(1, 1, true), batch_at(2, 1)});
  auto fetched = decode_fetched_records(data, offset(0), 1 << 20);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(offsets_of(*fetched), (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(fetched->next_offset, offset(3));
}

TEST(fetched_records, a_partial_batch_at_the_end_is_left_for_the_next_fetch) {
  byte_buffer second = batch_at(2, 4);
  for (size_t cut : {size_t{5}, size_t{61}, second.size() - 1}) {
    byte_buffer data = joined({batch_at(0, 2), second});
    data.resize(data.size() - second.size() + cut);
    auto fetched = decode_fetched_records(data, offset(0), 1 << 20);
    ASSERT_TRUE(fetched.ok()) << cut;
    EXPECT_EQ(offsets_of(*fetched), (std::vector<int64_t>{0, 1})) << cut;
    EXPECT_EQ(fetched->next_offset, offset(2));
    EXPECT_TRUE(fetched->truncated_tail);
  }
}

TEST(fetched_records, nothing_fetched_keeps_the_position) {
  auto fetched = decode_fetched_records({}, offset(7), 1 << 20);
  ASSERT_TRUE(fetched.ok());
  EXPECT_TRUE(fetched->records.empty());
  EXPECT_EQ(fetched->next_offset, offset(7));
}

TEST(fetched_records, a_corrupt_batch_is_an_error_not_skipped) {
  byte_buffer data = joined({batch_at(0, 2), batch_at(2, 2)});
  data[data.size() - 3] ^= 0xff;  // inside the second batch's records: the CRC no longer holds
  auto fetched = decode_fetched_records(data, offset(0), 1 << 20);
  ASSERT_FALSE(fetched.ok());
  EXPECT_EQ(fetched.error_value(), errc::corrupt_data);
  EXPECT_NE(fetched.error_value().message().find("offset 2"), std::string::npos);
}

}  // namespace
}  // namespace eventioz::client
