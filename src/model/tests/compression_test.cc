// The codecs on their own: round trips, the formats other clients expect, bounded output and
// corrupt input.
#include "model/compression.h"

#include <gtest/gtest.h>
#include <snappy.h>
#include <zlib.h>

#include <random>

#include "base/varint.h"
#include "model/errc.h"
#include "model/tests/batch_test_support.h"

namespace eventioz::model {
namespace {

using namespace testing;

constexpr compression real_codecs[] = {compression::gzip, compression::snappy, compression::lz4,
                                       compression::zstd};

byte_buffer random_bytes(size_t size, uint32_t seed) {
  std::mt19937 generator(seed);
  byte_buffer bytes(size);
  for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(generator());
  return bytes;
}

byte_buffer text_bytes(size_t size) {
  byte_buffer bytes;
  for (size_t i = 0; bytes.size() < size; ++i) {
    std::string line = "{\"event\": " + std::to_string(i) + ", \"kind\": \"order-placed\"}\n";
    bytes.insert(bytes.end(), line.begin(), line.end());
  }
  bytes.resize(size);
  return bytes;
}

byte_buffer compressed(compression codec, byte_span input) {
  auto output = compress(codec, input);
  EXPECT_TRUE(output.ok()) << output.error_value().to_string();
  return std::move(output).value();
}

class codec_test : public ::testing::TestWithParam<compression> {};

INSTANTIATE_TEST_SUITE_P(codecs, codec_test, ::testing::ValuesIn(all_codecs), [](const auto& info) {
  return std::string(compression_name(info.param));
});

TEST_P(codec_test, round_trips) {
  for (const byte_buffer& input : {byte_buffer{}, bytes_of("x"), text_bytes(1000),
                                   text_bytes(200'000), random_bytes(100'000, 1)}) {
    byte_buffer packed = compressed(GetParam(), input);
    auto unpacked = decompress(GetParam(), packed, input.size());
    ASSERT_TRUE(unpacked.ok()) << unpacked.error_value().to_string();
    EXPECT_EQ(*unpacked, input);
  }
}

TEST_P(codec_test, output_one_byte_over_the_limit_is_refused) {
  byte_buffer input = text_bytes(50'000);
  byte_buffer packed = compressed(GetParam(), input);
  auto refused = decompress(GetParam(), packed, input.size() - 1);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_value(), errc::decompressed_too_large);
  EXPECT_TRUE(decompress(GetParam(), packed, input.size()).ok());
  auto nothing_allowed = decompress(GetParam(), packed, 0);
  ASSERT_FALSE(nothing_allowed.ok());
  EXPECT_EQ(nothing_allowed.error_value(), errc::decompressed_too_large);
}

TEST_P(codec_test, decompression_bomb_is_refused) {
  if (GetParam() == compression::none) GTEST_SKIP() << "nothing to expand";
  byte_buffer zeros(100 << 20, 0);
  byte_buffer packed = compressed(GetParam(), zeros);
  ASSERT_LT(packed.size(), zeros.size() / 20);
  auto refused = decompress(GetParam(), packed, 1 << 20);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_value(), errc::decompressed_too_large)
      << refused.error_value().to_string();
}

TEST_P(codec_test, every_truncation_fails_cleanly) {
  if (GetParam() == compression::none) GTEST_SKIP() << "every prefix is valid";
  byte_buffer input = text_bytes(100'000);
  byte_buffer packed = compressed(GetParam(), input);
  for (size_t size = 0; size < packed.size(); ++size) {
    auto result = decompress(GetParam(), byte_span(packed).first(size), input.size());
    if (GetParam() == compression::snappy) {
      // No end marker: a cut at a block boundary is a shorter valid stream.
      if (result.ok()) {
        EXPECT_LT(result->size(), input.size());
        continue;
      }
    }
    ASSERT_FALSE(result.ok()) << size;
    EXPECT_EQ(result.error_value(), errc::compression_failed) << size;
  }
}

TEST_P(codec_test, flipped_bits_fail_cleanly_or_decode) {
  byte_buffer input = text_bytes(5'000);
  byte_buffer packed = compressed(GetParam(), input);
  for (size_t at = 0; at < packed.size(); ++at) {
    byte_buffer damaged = packed;
    damaged[at] ^= 0x41;
    auto result = decompress(GetParam(), damaged, input.size() * 2);
    if (!result.ok()) {
      EXPECT_TRUE(result.error_value() == errc::compression_failed ||
                  result.error_value() == errc::decompressed_too_large)
          << result.error_value().to_string();
    }
  }
}

TEST(compression, garbage_is_refused_by_every_codec) {
  for (compression codec : real_codecs) {
    for (const byte_buffer& garbage :
         {byte_buffer{}, bytes_of("not compressed"), random_bytes(4096, 7)}) {
      auto result = decompress(codec, garbage, 1 << 20);
      ASSERT_FALSE(result.ok()) << compression_name(codec);
      EXPECT_TRUE(result.error_value() == errc::compression_failed ||
                  result.error_value() == errc::decompressed_too_large)
          << result.error_value().to_string();
    }
  }
}

TEST(compression, gzip_is_written_with_a_gzip_header) {
  byte_buffer packed = compressed(compression::gzip, text_bytes(100));
  ASSERT_GE(packed.size(), 2u);
  EXPECT_EQ(packed[0], 0x1f);
  EXPECT_EQ(packed[1], 0x8b);
}

TEST(compression, gzip_reads_zlib_wrapped_and_multi_member_streams) {
  byte_buffer input = text_bytes(3000);
  byte_buffer zlib_wrapped(compressBound(input.size()));
  uLongf size = zlib_wrapped.size();
  ASSERT_EQ(::compress(zlib_wrapped.data(), &size, input.data(), input.size()), Z_OK);
  zlib_wrapped.resize(size);
  auto from_zlib = decompress(compression::gzip, zlib_wrapped, input.size());
  ASSERT_TRUE(from_zlib.ok());
  EXPECT_EQ(*from_zlib, input);

  byte_buffer two_members = compressed(compression::gzip, input);
  byte_buffer second = compressed(compression::gzip, input);
  two_members.insert(two_members.end(), second.begin(), second.end());
  auto both = decompress(compression::gzip, two_members, input.size() * 2);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->size(), input.size() * 2);
}

TEST(compression, snappy_is_written_in_xerial_framing) {
  byte_buffer input = text_bytes(70'000);  // three blocks of at most 32 KiB
  byte_buffer packed = compressed(compression::snappy, input);
  const uint8_t header[] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
  ASSERT_GE(packed.size(), sizeof(header));
  EXPECT_TRUE(std::equal(std::begin(header), std::end(header), packed.begin()));
  size_t at = sizeof(header);
  size_t blocks = 0;
  size_t total = 0;
  while (at < packed.size()) {
    auto length = static_cast<size_t>(read_big_endian<int32_t>(packed.data() + at));
    size_t block_size = 0;
    ASSERT_TRUE(snappy::GetUncompressedLength(reinterpret_cast<const char*>(packed.data() + at + 4),
                                              length, &block_size));
    EXPECT_LE(block_size, 32u * 1024);
    total += block_size;
    at += 4 + length;
    ++blocks;
  }
  EXPECT_EQ(at, packed.size());
  EXPECT_EQ(blocks, 3u);
  EXPECT_EQ(total, input.size());
}

TEST(compression, snappy_reads_a_raw_block) {
  byte_buffer input = text_bytes(10'000);
  std::string raw;
  snappy::Compress(reinterpret_cast<const char*>(input.data()), input.size(), &raw);
  auto unpacked = decompress(compression::snappy, as_bytes(raw), input.size());
  ASSERT_TRUE(unpacked.ok());
  EXPECT_EQ(*unpacked, input);
}

TEST(compression, snappy_length_prefix_is_checked_before_allocating) {
  // A raw block claiming 1 GiB: refused from its prefix alone.
  byte_buffer claim;
  append_unsigned_varint(claim, 1u << 30);
  claim.push_back(0);
  auto refused = decompress(compression::snappy, claim, 1 << 20);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_value(), errc::decompressed_too_large);
}

TEST(compression, snappy_xerial_block_lengths_are_checked) {
  byte_buffer packed = compressed(compression::snappy, text_bytes(1000));
  for (int32_t length : {-1, 1 << 30, 0}) {
    byte_buffer damaged = packed;
    write_big_endian(damaged.data() + 16, length);
    auto refused = decompress(compression::snappy, damaged, 1 << 20);
    ASSERT_FALSE(refused.ok()) << length;
    EXPECT_EQ(refused.error_value(), errc::compression_failed) << length;
  }
  byte_buffer bad_version = packed;
  write_big_endian(bad_version.data() + 12, int32_t{2});
  EXPECT_FALSE(decompress(compression::snappy, bad_version, 1 << 20).ok());
}

// Where the frame content size sits in a zstd frame header (RFC 8878 section 3.1.1.1).
struct content_size_field {
  size_t at;
  size_t size_bytes;
};

content_size_field find_content_size(const byte_buffer& frame) {
  uint8_t descriptor = frame.at(4);
  bool single_segment = (descriptor >> 5) & 1;
  const size_t content_size_bytes[] = {single_segment ? 1u : 0u, 2, 4, 8};
  const size_t dictionary_id_bytes[] = {0, 1, 2, 4};
  return {5 + (single_segment ? 0 : 1) + dictionary_id_bytes[descriptor & 3],
          content_size_bytes[descriptor >> 6]};
}

TEST(compression, zstd_frame_lying_about_its_size_is_refused) {
  byte_buffer input = text_bytes(2 << 20);
  byte_buffer packed = compressed(compression::zstd, input);
  content_size_field field = find_content_size(packed);
  ASSERT_EQ(field.size_bytes, 4u);  // 2 MiB needs the 4-byte field
  ASSERT_EQ(read_big_endian<uint32_t>(packed.data() + field.at), __builtin_bswap32(2u << 20));

  // Claims 1000 bytes but holds 2 MiB.
  byte_buffer small_claim = packed;
  write_big_endian(small_claim.data() + field.at, __builtin_bswap32(1000u));
  auto small = decompress(compression::zstd, small_claim, 64 << 20);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error_value(), errc::compression_failed) << small.error_value().to_string();

  // Claims 4 GiB: nothing may be allocated on the strength of it.
  byte_buffer large_claim = packed;
  write_big_endian(large_claim.data() + field.at, 0xffffffffu);
  auto large = decompress(compression::zstd, large_claim, 1 << 20);
  ASSERT_FALSE(large.ok());
  EXPECT_TRUE(large.error_value() == errc::decompressed_too_large ||
              large.error_value() == errc::compression_failed)
      << large.error_value().to_string();

  // Honest, but larger than the limit.
  auto refused = decompress(compression::zstd, packed, 1 << 20);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_value(), errc::decompressed_too_large);
}

TEST(compression, zstd_frame_asking_for_a_huge_window_is_refused) {
  // magic, frame descriptor 0 (no content size, no checksum), window descriptor for 2^30
  // bytes, then one empty raw last block. A decoder that honoured the window would allocate
  // 1 GiB for these 9 bytes.
  byte_buffer frame = {0x28, 0xb5, 0x2f, 0xfd, 0x00, 20 << 3, 0x01, 0x00, 0x00};
  auto refused = decompress(compression::zstd, frame, 1 << 20);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_value(), errc::decompressed_too_large)
      << refused.error_value().to_string();
  // The same frame with a modest window (2^20) is an empty, valid stream.
  frame[5] = 10 << 3;
  auto accepted = decompress(compression::zstd, frame, 1 << 20);
  ASSERT_TRUE(accepted.ok()) << accepted.error_value().to_string();
  EXPECT_TRUE(accepted->empty());
}

TEST(compression, names_parse_back) {
  for (compression codec : all_codecs) {
    auto parsed = parse_compression(compression_name(codec));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, codec);
  }
  auto unknown = parse_compression("brotli");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error_value(), errc::unsupported_compression);
  EXPECT_EQ(compression_name(static_cast<compression>(6)), "unknown");
}

}  // namespace
}  // namespace eventioz::model
