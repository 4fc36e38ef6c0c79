// Every way validate_batch, validate_records and read_records refuse a batch, each with the
// error code a caller branches on.
#include <gtest/gtest.h>

#include "base/varint.h"
#include "model/record_batch.h"
#include "model/record_batch_format.h"
#include "model/record_codec.h"
#include "model/tests/batch_test_support.h"

namespace eventioz::model {
namespace {

using namespace testing;
namespace layout = batch_layout;

constexpr size_t decompressed_max = 64 << 20;

byte_buffer sample_batch(compression codec = compression::none) {
  batch_options options;
  options.codec = codec;
  return std::move(build_batch(sample_records(), options)).value();
}

// The error of validate_batch, or of validate_records when the first passes.
std::error_code first_error(byte_span batch) {
  auto header = validate_batch(batch);
  if (!header) return header.error_value().code();
  auto records = validate_records(batch, decompressed_max);
  if (!records) return records.error_value().code();
  return {};
}

// validate_records and read_records must agree on what they refuse.
void expect_records_refused(byte_span batch, errc expected) {
  auto valid = validate_records(batch, decompressed_max);
  ASSERT_FALSE(valid.ok());
  EXPECT_EQ(valid.error_value(), expected) << valid.error_value().to_string();
  auto read = read_records(batch, decompressed_max);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error_value(), expected) << read.error_value().to_string();
}

TEST(batch_validation, every_truncation_is_refused) {
  for (compression codec : all_codecs) {
    byte_buffer batch = sample_batch(codec);
    for (size_t size = 0; size < batch.size(); ++size) {
      SCOPED_TRACE(fmt::format("{} truncated to {}", compression_name(codec), size));
      byte_span prefix = byte_span(batch).first(size);
      auto header = validate_batch(prefix);
      ASSERT_FALSE(header.ok());
      EXPECT_EQ(header.error_value(), errc::batch_truncated);
      EXPECT_FALSE(validate_records(prefix, decompressed_max).ok());
      EXPECT_FALSE(read_records(prefix, decompressed_max).ok());
    }
  }
}

TEST(batch_validation, batch_length_too_small_or_too_large) {
  byte_buffer batch = sample_batch();
  for (int32_t length : {-1, 0, 48, std::numeric_limits<int32_t>::min()}) {
    byte_buffer damaged = batch;
    write_field(damaged, layout::batch_length_at, length);
    auto header = parse_batch_header(damaged);
    ASSERT_FALSE(header.ok());
    EXPECT_EQ(header.error_value(), errc::batch_length_invalid) << length;
  }
  // Above the caller's limit.
  auto limited = parse_batch_header(batch, batch.size() - 1);
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error_value(), errc::batch_length_invalid);
  EXPECT_TRUE(parse_batch_header(batch, batch.size()).ok());
  // Longer than the bytes given.
  byte_buffer longer = batch;
  write_field(longer, layout::batch_length_at,
              static_cast<int32_t>(batch.size() - layout::length_prefix_size + 1));
  EXPECT_EQ(first_error(longer), errc::batch_truncated);
  // Shorter than the bytes given: the rest would be smuggled in with the batch.
  byte_buffer shorter = batch;
  write_field(shorter, layout::batch_length_at,
              static_cast<int32_t>(batch.size() - layout::length_prefix_size - 1));
  EXPECT_EQ(first_error(shorter), errc::batch_length_invalid);
  // Exactly the minimum is a header alone, valid when it has no records.
  batch_options options;
  options.last_offset_delta = 0;
  byte_buffer minimal = std::move(build_batch({}, options)).value();
  EXPECT_EQ(parse_batch_header(minimal)->batch_length, 49);
  EXPECT_EQ(first_error(minimal), std::error_code());
}

TEST(batch_validation, magic_other_than_2) {
  for (int8_t magic : {0, 1, 3, -1}) {
    byte_buffer batch = sample_batch();
    write_field(batch, layout::magic_at, magic);
    EXPECT_EQ(first_error(batch), errc::unsupported_magic) << int{magic};
    EXPECT_FALSE(validate_records(batch, decompressed_max).ok());
  }
}

TEST(batch_validation, a_flipped_bit_anywhere_the_crc_covers) {
  for (compression codec : all_codecs) {
    byte_buffer batch = sample_batch(codec);
    for (size_t at = layout::attributes_at; at < batch.size(); ++at) {
      for (int bit = 0; bit < 8; ++bit) {
        byte_buffer damaged = batch;
        damaged[at] ^= static_cast<uint8_t>(1 << bit);
        auto header = validate_batch(damaged);
        ASSERT_FALSE(header.ok()) << at << ":" << bit;
        ASSERT_EQ(header.error_value(), errc::crc_mismatch) << at << ":" << bit;
        // read_records checks the CRC too; validate_records does not, but must stay safe.
        ASSERT_FALSE(read_records(damaged, decompressed_max).ok());
        (void)validate_records(damaged, decompressed_max);
      }
    }
  }
}

TEST(batch_validation, a_flipped_bit_in_the_crc_itself) {
  byte_buffer batch = sample_batch();
  for (size_t at = layout::crc_at; at < layout::crc_at + 4; ++at) {
    byte_buffer damaged = batch;
    damaged[at] ^= 0x10;
    EXPECT_EQ(first_error(damaged), errc::crc_mismatch);
  }
}

TEST(batch_validation, fields_outside_the_crc_may_change) {
  byte_buffer batch = sample_batch();
  write_field(batch, layout::base_offset_at, int64_t{77});
  write_field(batch, layout::partition_leader_epoch_at, int32_t{3});
  EXPECT_EQ(first_error(batch), std::error_code());
}

TEST(batch_validation, record_count_negative) {
  byte_buffer batch = sample_batch();
  write_field(batch, layout::record_count_at, int32_t{-1});
  recompute_crc(batch);
  EXPECT_EQ(first_error(batch), errc::record_count_invalid);
  expect_records_refused(batch, errc::record_count_invalid);
}

TEST(batch_validation, record_count_beyond_the_offsets_spanned) {
  byte_buffer batch = sample_batch();  // 6 records, last_offset_delta 5
  write_field(batch, layout::record_count_at, int32_t{7});
  recompute_crc(batch);
  EXPECT_EQ(first_error(batch), errc::record_count_invalid);
}

TEST(batch_validation, last_offset_delta_negative) {
  byte_buffer batch = sample_batch();
  write_field(batch, layout::last_offset_delta_at, int32_t{-1});
  recompute_crc(batch);
  EXPECT_EQ(first_error(batch), errc::record_count_invalid);
}

TEST(batch_validation, record_count_not_matching_the_records) {
  for (compression codec : all_codecs) {
    for (int32_t count : {0, 1, 5}) {  // the batch holds 6
      byte_buffer batch = sample_batch(codec);
      write_field(batch, layout::record_count_at, count);
      recompute_crc(batch);
      ASSERT_TRUE(validate_batch(batch).ok());  // consistent on its own
      expect_records_refused(batch, errc::record_count_invalid);
    }
    // More records claimed than held, with an extent to match.
    byte_buffer batch = sample_batch(codec);
    write_field(batch, layout::record_count_at, int32_t{7});
    write_field(batch, layout::last_offset_delta_at, int32_t{6});
    recompute_crc(batch);
    ASSERT_TRUE(validate_batch(batch).ok());
    expect_records_refused(batch, errc::record_count_invalid);
  }
}

TEST(batch_validation, base_offset_plus_extent_overflows) {
  byte_buffer batch = sample_batch();
  write_field(batch, layout::base_offset_at, std::numeric_limits<int64_t>::max() - 2);
  auto header = parse_batch_header(batch);
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error_value(), errc::record_count_invalid);
}

TEST(batch_validation, producer_fields_below_minus_one) {
  struct fields {
    int64_t id;
    int16_t epoch;
    int32_t sequence;
    bool valid;
  };
  for (fields f :
       {fields{-1, -1, -1, true}, fields{5, 0, 0, true}, fields{-1, 0, -1, true},
        fields{-1, -1, 0, true}, fields{-2, -1, -1, false}, fields{5, -2, 0, false},
        fields{5, 0, -2, false}, fields{std::numeric_limits<int64_t>::min(), 0, 0, false}}) {
    byte_buffer batch = sample_batch();
    write_field(batch, layout::producer_id_at, f.id);
    write_field(batch, layout::producer_epoch_at, f.epoch);
    write_field(batch, layout::base_sequence_at, f.sequence);
    recompute_crc(batch);
    SCOPED_TRACE(fmt::format("{} {} {}", f.id, f.epoch, f.sequence));
    if (f.valid) {
      EXPECT_EQ(first_error(batch), std::error_code());
    } else {
      EXPECT_EQ(first_error(batch), errc::producer_fields_invalid);
      EXPECT_FALSE(validate_records(batch, decompressed_max).ok());
    }
  }
}

TEST(batch_validation, unsupported_codecs) {
  for (int16_t codec : {5, 6, 7}) {
    byte_buffer batch = sample_batch();
    write_field(batch, layout::attributes_at, codec);
    recompute_crc(batch);
    EXPECT_EQ(first_error(batch), errc::unsupported_compression) << codec;
    expect_records_refused(batch, errc::unsupported_compression);
  }
}

TEST(batch_validation, max_timestamp_below_base_timestamp) {
  byte_buffer batch = sample_batch();
  write_field(batch, layout::max_timestamp_at, int64_t{5});
  recompute_crc(batch);
  EXPECT_EQ(first_error(batch), errc::timestamp_invalid);
  // No timestamps at all is fine.
  write_field(batch, layout::base_timestamp_at, int64_t{-1});
  write_field(batch, layout::max_timestamp_at, int64_t{-1});
  recompute_crc(batch);
  EXPECT_EQ(first_error(batch), std::error_code());
}

TEST(batch_validation, corrupt_compressed_records_with_a_valid_crc) {
  for (compression codec :
       {compression::gzip, compression::snappy, compression::lz4, compression::zstd}) {
    batch_options options;
    options.codec = codec;
    byte_buffer garbage = bytes_of("this is not compressed data at all, in any codec");
    byte_buffer batch = assemble_batch(garbage, 1, 0, options);
    ASSERT_TRUE(validate_batch(batch).ok());
    expect_records_refused(batch, errc::compression_failed);
  }
}

// --- malformed records, assembled by hand -------------------------------------------------

byte_buffer record_bytes(const record_to_write& record, int32_t offset_delta,
                         int64_t timestamp_delta = 0) {
  byte_buffer bytes;
  EXPECT_TRUE(detail::append_record(bytes, record, timestamp_delta, offset_delta).ok());
  return bytes;
}

// A record written field by field: length prefix, then `body` as given.
byte_buffer raw_record(const byte_buffer& body) {
  byte_buffer bytes;
  append_signed_varint(bytes, static_cast<int64_t>(body.size()));
  bytes.insert(bytes.end(), body.begin(), body.end());
  return bytes;
}

void expect_region_refused(const byte_buffer& region, int32_t count, errc expected) {
  for (compression codec : all_codecs) {
    SCOPED_TRACE(compression_name(codec));
    batch_options options;
    options.codec = codec;
    byte_buffer stored = std::move(compress(codec, region)).value();
    byte_buffer batch = assemble_batch(stored, count, std::max(count - 1, 0), options);
    ASSERT_TRUE(validate_batch(batch).ok());
    expect_records_refused(batch, expected);
  }
}

TEST(record_validation, hand_assembled_region_is_accepted) {
  byte_buffer region = record_bytes({bytes_of("k"), bytes_of("v"), {}, 0}, 0);
  // attributes, timestamp delta 0, offset delta 1, empty key, null value, no headers
  byte_buffer second = raw_record(byte_buffer{0, 0, 2, 0, 1, 0});
  region.insert(region.end(), second.begin(), second.end());
  for (compression codec : all_codecs) {
    batch_options options;
    options.codec = codec;
    byte_buffer batch = assemble_batch(std::move(compress(codec, region)).value(), 2, 1, options);
    EXPECT_EQ(first_error(batch), std::error_code()) << compression_name(codec);
    auto read = read_records(batch, decompressed_max);
    ASSERT_TRUE(read.ok());
    ASSERT_EQ(read->size(), 2u);
    EXPECT_EQ((*read)[1].key, byte_buffer{});
    EXPECT_EQ((*read)[1].value, std::nullopt);
  }
}

TEST(record_validation, record_length_varint_malformed) {
  // Six continuation bytes: longer than any 32-bit varint.
  expect_region_refused(byte_buffer{0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, 1, errc::record_invalid);
  // A five-byte varint whose value does not fit 32 bits.
  expect_region_refused(byte_buffer{0xff, 0xff, 0xff, 0xff, 0x7f}, 1, errc::record_invalid);
  // Ends inside the varint.
  expect_region_refused(byte_buffer{0x80}, 1, errc::record_invalid);
  // Negative length.
  byte_buffer negative;
  append_signed_varint(negative, -3);
  expect_region_refused(negative, 1, errc::record_invalid);
}

TEST(record_validation, record_length_past_the_region) {
  byte_buffer region = record_bytes({bytes_of("k"), bytes_of("v"), {}, 0}, 0);
  region[0] = static_cast<uint8_t>(zigzag_encode(40));
  expect_region_refused(region, 1, errc::record_invalid);
}

TEST(record_validation, record_length_shorter_or_longer_than_its_fields) {
  byte_buffer body = {0, 0, 0, 2, 'k', 2, 'v', 0};
  byte_buffer longer = body;
  longer.push_back(0);  // a stray byte the record's length counts
  expect_region_refused(raw_record(longer), 1, errc::record_invalid);
  byte_buffer shorter(body.begin(), body.end() - 1);  // header count missing
  expect_region_refused(raw_record(shorter), 1, errc::record_invalid);
}

TEST(record_validation, key_and_value_lengths) {
  // key length -2
  expect_region_refused(raw_record({0, 0, 0, 3, 0, 0}), 1, errc::record_invalid);
  // value length past the record
  expect_region_refused(raw_record({0, 0, 0, 1, 20, 'v', 0}), 1, errc::record_invalid);
  // key length varint malformed (runs to the end of the record)
  expect_region_refused(raw_record({0, 0, 0, 0x80, 0x80}), 1, errc::record_invalid);
}

TEST(record_validation, header_count_and_header_keys) {
  // negative header count
  expect_region_refused(raw_record({0, 0, 0, 1, 1, 1}), 1, errc::record_invalid);
  // a header count far beyond the bytes left
  byte_buffer huge = {0, 0, 0, 1, 1};
  append_signed_varint(huge, 1'000'000'000);
  expect_region_refused(raw_record(huge), 1, errc::record_invalid);
  // a null header key
  expect_region_refused(raw_record({0, 0, 0, 1, 1, 2, 1, 1}), 1, errc::record_invalid);
  // a header value running past the record
  expect_region_refused(raw_record({0, 0, 0, 1, 1, 2, 2, 'h', 8, 'x'}), 1, errc::record_invalid);
}

TEST(record_validation, timestamp_and_offset_varints) {
  // timestamp delta: 11 bytes of continuation, longer than any varlong
  byte_buffer long_timestamp = {0,    0x80, 0x80, 0x80, 0x80, 0x80,
                                0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  expect_region_refused(raw_record(long_timestamp), 1, errc::record_invalid);
  // offset delta beyond 32 bits
  expect_region_refused(raw_record({0, 0, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 1, 0}), 1,
                        errc::record_invalid);
}

TEST(record_validation, offset_deltas_must_strictly_increase_within_the_extent) {
  record_to_write one{bytes_of("k"), bytes_of("v"), {}, 0};
  for (auto [first, second] :
       {std::pair{0, 0}, std::pair{1, 0}, std::pair{0, 2}, std::pair{-1, 1}}) {
    byte_buffer region = record_bytes(one, first);
    byte_buffer next = record_bytes(one, second);
    region.insert(region.end(), next.begin(), next.end());
    SCOPED_TRACE(fmt::format("deltas {} {}", first, second));
    expect_region_refused(region, 2, errc::record_invalid);  // extent: last_offset_delta 1
  }
}

TEST(record_validation, timestamp_delta_overflowing_the_base) {
  byte_buffer region =
      record_bytes({bytes_of("k"), bytes_of("v"), {}, 0}, 0, std::numeric_limits<int64_t>::max());
  byte_buffer batch = assemble_batch(region, 1, 0, {}, 10, 10);
  ASSERT_TRUE(validate_batch(batch).ok());
  expect_records_refused(batch, errc::record_invalid);
}

TEST(record_validation, trailing_bytes_after_the_last_record) {
  byte_buffer region = record_bytes({bytes_of("k"), bytes_of("v"), {}, 0}, 0);
  region.push_back(0);
  expect_region_refused(region, 1, errc::record_count_invalid);
}

TEST(record_validation, decompression_bomb_in_a_batch) {
  // One record whose value is 100 MB of zeros, refused under a 1 MB limit.
  std::vector<record_to_write> bomb = {{std::nullopt, byte_buffer(100 << 20, 0), {}, 0}};
  for (compression codec :
       {compression::gzip, compression::snappy, compression::lz4, compression::zstd}) {
    batch_options options;
    options.codec = codec;
    byte_buffer batch = std::move(build_batch(bomb, options)).value();
    ASSERT_LT(batch.size(), 6u << 20) << compression_name(codec);
    ASSERT_TRUE(validate_batch(batch).ok());
    auto valid = validate_records(batch, 1 << 20);
    ASSERT_FALSE(valid.ok());
    EXPECT_EQ(valid.error_value(), errc::decompressed_too_large) << compression_name(codec);
  }
}

TEST(errc, every_code_has_a_message) {
  for (int code = static_cast<int>(errc::batch_truncated);
       code <= static_cast<int>(errc::timestamp_invalid); ++code) {
    std::error_code error = static_cast<errc>(code);
    EXPECT_STREQ(error.category().name(), "model");
    EXPECT_EQ(error.message().find("unknown"), std::string::npos) << code;
  }
}

}  // namespace
}  // namespace eventioz::model
