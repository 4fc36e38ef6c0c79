#include "base/varint.h"

#include <gtest/gtest.h>

#include <limits>

#include "base/byte_reader.h"

namespace eventioz {
namespace {

TEST(varint, zigzag_maps_small_magnitudes_to_small_codes) {
  EXPECT_EQ(zigzag_encode(0), 0u);
  EXPECT_EQ(zigzag_encode(-1), 1u);
  EXPECT_EQ(zigzag_encode(1), 2u);
  EXPECT_EQ(zigzag_encode(-2), 3u);
  EXPECT_EQ(zigzag_encode(std::numeric_limits<int64_t>::min()),
            std::numeric_limits<uint64_t>::max());
  for (int64_t value : {int64_t{0}, int64_t{-1}, int64_t{63}, int64_t{-64}, int64_t{1} << 40,
                        std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
    EXPECT_EQ(zigzag_decode(zigzag_encode(value)), value);
  }
}

TEST(varint, encodes_the_bytes_the_protocol_specifies) {
  byte_buffer out;
  append_unsigned_varint(out, 300);
  EXPECT_EQ(out, (byte_buffer{0xAC, 0x02}));
  out.clear();
  append_signed_varint(out, -1);
  EXPECT_EQ(out, (byte_buffer{0x01}));
  EXPECT_EQ(unsigned_varint_size(300), 2u);
  EXPECT_EQ(signed_varint_size(-65), 2u);
}

TEST(varint, round_trips_through_the_reader) {
  byte_buffer out;
  const int64_t values[] = {
      0, 1, -1, 127, 128, -129, 1 << 20, -(int64_t{1} << 50), std::numeric_limits<int64_t>::max()};
  for (int64_t value : values) append_signed_varint(out, value);
  byte_reader reader(out);
  for (int64_t value : values) EXPECT_EQ(reader.read_signed_varint64(), value);
  EXPECT_TRUE(reader.at_end());
}

TEST(varint, truncated_and_overlong_encodings_are_refused) {
  byte_buffer truncated{0x80, 0x80};
  EXPECT_FALSE(byte_reader(truncated).read_unsigned_varint());
  // Six continuation bytes can never be a 32-bit varint.
  byte_buffer overlong{0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  EXPECT_FALSE(byte_reader(overlong).read_signed_varint32());
  // Eleven bytes are more than any 64-bit varint.
  byte_buffer eleven(10, 0x80);
  eleven.push_back(0x01);
  EXPECT_FALSE(byte_reader(eleven).read_unsigned_varint());
}

TEST(byte_reader, never_reads_past_the_end) {
  byte_buffer data{0x00, 0x01, 0x02};
  byte_reader reader(data);
  EXPECT_EQ(reader.read_big_endian<int16_t>(), 1);
  EXPECT_FALSE(reader.read_big_endian<int16_t>());
  EXPECT_FALSE(reader.read_bytes(2));
  EXPECT_EQ(reader.remaining(), 1u);
  EXPECT_TRUE(reader.read_bytes(1));
  EXPECT_TRUE(reader.at_end());
}

}  // namespace
}  // namespace eventioz
