// Round trips: build_batch -> validate_batch -> validate_records -> read_records, for every
// codec, and the rewrites the broker makes to stored batches.
#include "model/record_batch.h"

#include <gtest/gtest.h>

#include "model/record_batch_format.h"
#include "model/tests/batch_test_expect.h"
#include "model/tests/batch_test_support.h"

namespace eventioz::model {
namespace {

using namespace testing;
namespace layout = batch_layout;

constexpr size_t decompressed_max = 64 << 20;

class round_trip : public ::testing::TestWithParam<compression> {};

INSTANTIATE_TEST_SUITE_P(codecs, round_trip, ::testing::ValuesIn(all_codecs), [](const auto& info) {
  return std::string(compression_name(info.param));
});

byte_buffer build(const std::vector<record_to_write>& records, const batch_options& options) {
  auto batch = build_batch(records, options);
  EXPECT_TRUE(batch.ok()) << batch.error_value().to_string();
  return std::move(batch).value();
}

void expect_round_trip(const std::vector<record_to_write>& records, const batch_options& options) {
  byte_buffer batch = build(records, options);
  auto header = validate_batch(batch);
  ASSERT_TRUE(header.ok()) << header.error_value().to_string();
  EXPECT_EQ(header->codec(), options.codec);
  EXPECT_EQ(header->record_count, static_cast<int32_t>(records.size()));
  EXPECT_EQ(header->size_bytes(), batch.size());
  EXPECT_EQ(header->base_offset, options.base_offset);
  auto valid = validate_records(batch, decompressed_max);
  ASSERT_TRUE(valid.ok()) << valid.error_value().to_string();
  auto read = read_records(batch, decompressed_max);
  ASSERT_TRUE(read.ok()) << read.error_value().to_string();
  expect_same_records(*read, records, options.base_offset);
}

TEST_P(round_trip, keys_null_keys_tombstones_headers_and_empty_values) {
  batch_options options;
  options.codec = GetParam();
  expect_round_trip(sample_records(), options);
}

TEST_P(round_trip, one_record) {
  batch_options options;
  options.codec = GetParam();
  options.base_offset = offset(42);
  expect_round_trip({{bytes_of("k"), bytes_of("v"), {}, 5}}, options);
}

TEST_P(round_trip, many_records) {
  batch_options options;
  options.codec = GetParam();
  options.base_offset = offset(1'000'000);
  expect_round_trip(many_records(5000, 100), options);
}

TEST_P(round_trip, large_values_span_several_codec_blocks) {
  batch_options options;
  options.codec = GetParam();
  // 300 KiB: several snappy (32 KiB) and lz4 (64 KiB) blocks.
  expect_round_trip(many_records(3, 100 * 1024), options);
}

TEST_P(round_trip, offset_deltas_with_gaps_and_a_longer_extent) {
  batch_options options;
  options.codec = GetParam();
  options.last_offset_delta = 20;
  std::vector<record_to_write> records = sample_records();
  for (size_t i = 0; i < records.size(); ++i) records[i].offset_delta = static_cast<int32_t>(i * 3);
  byte_buffer batch = build(records, options);
  auto header = validate_batch(batch);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->last_offset_delta, 20);
  EXPECT_EQ(header->last_offset(), offset(20));
  expect_round_trip(records, options);
}

TEST_P(round_trip, producer_fields_and_flags_are_kept) {
  batch_options options;
  options.codec = GetParam();
  options.partition_leader_epoch = 7;
  options.producer_id = 1234;
  options.producer_epoch = 3;
  options.base_sequence = 99;
  options.transactional = true;
  byte_buffer batch = build(sample_records(), options);
  auto header = validate_batch(batch);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->partition_leader_epoch, 7);
  EXPECT_EQ(header->producer_id, 1234);
  EXPECT_EQ(header->producer_epoch, 3);
  EXPECT_EQ(header->base_sequence, 99);
  EXPECT_TRUE(header->is_transactional());
  EXPECT_FALSE(header->is_control());
  EXPECT_FALSE(header->uses_log_append_time());
  expect_round_trip(sample_records(), options);
}

TEST(record_batch, timestamps_are_the_first_records_and_the_largest) {
  byte_buffer batch = build(sample_records(), {});
  auto header = validate_batch(batch);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->base_timestamp, 1'700'000'000'000);
  EXPECT_EQ(header->max_timestamp, 1'700'000'000'020);
  EXPECT_EQ(header->last_offset_delta, 5);
}

TEST(record_batch, control_batch_records_iterate_like_any_other) {
  // A transaction marker: key = version 0 + type 1 (commit), value = version 0 + epoch 5.
  batch_options options;
  options.control = true;
  options.transactional = true;
  options.producer_id = 10;
  options.producer_epoch = 5;
  std::vector<record_to_write> marker = {
      {byte_buffer{0, 0, 0, 1}, byte_buffer{0, 0, 0, 0, 0, 5}, {}, 77}};
  byte_buffer batch = build(marker, options);
  auto header = validate_batch(batch);
  ASSERT_TRUE(header.ok());
  EXPECT_TRUE(header->is_control());
  auto read = read_records(batch, decompressed_max);
  ASSERT_TRUE(read.ok());
  expect_same_records(*read, marker, offset(0));
}

TEST(record_batch, a_batch_without_records_keeps_its_extent) {
  batch_options options;
  options.base_offset = offset(100);
  options.last_offset_delta = 9;
  byte_buffer batch = build({}, options);
  EXPECT_EQ(batch.size(), layout::header_size);
  auto header = validate_batch(batch);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->record_count, 0);
  EXPECT_EQ(header->last_offset(), offset(109));
  EXPECT_EQ(header->base_timestamp, -1);
  EXPECT_EQ(header->max_timestamp, -1);
  EXPECT_TRUE(validate_records(batch, decompressed_max).ok());
  auto read = read_records(batch, decompressed_max);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->empty());
}

TEST(record_batch, a_batch_without_records_is_written_uncompressed) {
  batch_options options;
  options.codec = compression::zstd;
  options.last_offset_delta = 0;
  byte_buffer batch = build({}, options);
  auto header = validate_batch(batch);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->codec(), compression::none);
  EXPECT_EQ(batch.size(), layout::header_size);
}

TEST(record_batch, an_empty_batch_from_another_writer_needs_no_decompression) {
  for (compression codec : all_codecs) {
    batch_options options;
    options.codec = codec;
    byte_buffer batch = assemble_batch({}, 0, 4, options, -1, -1);
    EXPECT_TRUE(validate_batch(batch).ok());
    EXPECT_TRUE(validate_records(batch, decompressed_max).ok());
    auto read = read_records(batch, decompressed_max);
    ASSERT_TRUE(read.ok()) << read.error_value().to_string();
    EXPECT_TRUE(read->empty());
  }
}

TEST(record_batch, set_base_offset_and_epoch_keep_the_crc_valid) {
  byte_buffer batch = build(sample_records(), {});
  set_base_offset(batch, offset(5000));
  set_partition_leader_epoch(batch, 12);
  auto header = validate_batch(batch);
  ASSERT_TRUE(header.ok()) << header.error_value().to_string();
  EXPECT_EQ(header->base_offset, offset(5000));
  EXPECT_EQ(header->partition_leader_epoch, 12);
  auto read = read_records(batch, decompressed_max);
  ASSERT_TRUE(read.ok());
  expect_same_records(*read, sample_records(), offset(5000));
}

TEST(record_batch, set_log_append_time_recomputes_the_crc) {
  for (compression codec : all_codecs) {
    batch_options options;
    options.codec = codec;
    byte_buffer batch = build(sample_records(), options);
    uint32_t crc_before = validate_batch(batch)->crc;
    // Earlier than the producer's timestamps: the broker's clock may be behind.
    set_log_append_time(batch, 1'600'000'000'000);
    auto header = validate_batch(batch);
    ASSERT_TRUE(header.ok()) << header.error_value().to_string();
    EXPECT_NE(header->crc, crc_before);
    EXPECT_TRUE(header->uses_log_append_time());
    EXPECT_EQ(header->max_timestamp, 1'600'000'000'000);
    EXPECT_EQ(header->codec(), codec);
    auto read = read_records(batch, decompressed_max);
    ASSERT_TRUE(read.ok());
    for (const record& one : *read) EXPECT_EQ(one.timestamp, 1'600'000'000'000);
  }
}

TEST(record_batch, parse_batch_header_needs_only_the_header) {
  byte_buffer batch = build(sample_records(), {});
  auto header = parse_batch_header(byte_span(batch).first(layout::header_size));
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->size_bytes(), batch.size());
  // Bytes after the batch (the next batch of a segment) are ignored too.
  batch.resize(batch.size() + 100);
  EXPECT_TRUE(parse_batch_header(batch).ok());
}

TEST(record_batch, build_rejects_offset_deltas_that_do_not_increase) {
  std::vector<record_to_write> records = sample_records();
  records[0].offset_delta = 3;
  records[1].offset_delta = 3;
  auto batch = build_batch(records, {});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.error_value(), errc::record_invalid);

  batch_options short_extent;
  short_extent.last_offset_delta = 2;
  auto too_short = build_batch(sample_records(), short_extent);
  ASSERT_FALSE(too_short.ok());
  EXPECT_EQ(too_short.error_value(), errc::record_count_invalid);
}

TEST(record_batch, build_rejects_timestamps_too_far_apart) {
  std::vector<record_to_write> records = {
      {bytes_of("a"), bytes_of("1"), {}, std::numeric_limits<int64_t>::min()},
      {bytes_of("b"), bytes_of("2"), {}, std::numeric_limits<int64_t>::max()}};
  auto batch = build_batch(records, {});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.error_value(), errc::timestamp_invalid);
}

}  // namespace
}  // namespace eventioz::model
