#include "base/crc32c.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace eventioz {
namespace {

// Check values published with the Castagnoli polynomial (RFC 3720 appendix B.4 and the
// "123456789" catalogue value).
TEST(crc32c, matches_published_check_values) {
  EXPECT_EQ(crc32c(as_bytes("123456789")), 0xE3069283u);
  EXPECT_EQ(crc32c(as_bytes("")), 0u);
  byte_buffer zeros(32, 0x00);
  EXPECT_EQ(crc32c(zeros), 0x8A9136AAu);
  byte_buffer ones(32, 0xFF);
  EXPECT_EQ(crc32c(ones), 0x62A8AB43u);
  byte_buffer ascending(32);
  for (size_t i = 0; i < ascending.size(); ++i) ascending[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(crc32c(ascending), 0x46DD794Eu);
}

TEST(crc32c, portable_and_hardware_agree_on_every_length_and_alignment) {
  std::mt19937 random(7);
  byte_buffer data(4096 + 16);
  for (auto& byte : data) byte = static_cast<uint8_t>(random());
  for (size_t start = 0; start < 16; ++start) {
    for (size_t length : {0, 1, 7, 8, 9, 63, 64, 65, 1000, 4096}) {
      byte_span slice(data.data() + start, length);
      ASSERT_EQ(crc32c_extend_portable(0, slice), crc32c(slice)) << start << " " << length;
    }
  }
}

TEST(crc32c, extending_in_pieces_equals_one_pass) {
  std::string text = "The quick brown fox jumps over the lazy dog";
  uint32_t whole = crc32c(as_bytes(text));
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    uint32_t first = crc32c(as_bytes(std::string_view(text).substr(0, cut)));
    EXPECT_EQ(crc32c_extend(first, as_bytes(std::string_view(text).substr(cut))), whole);
    EXPECT_EQ(crc32c_extend_portable(first, as_bytes(std::string_view(text).substr(cut))), whole);
  }
}

}  // namespace
}  // namespace eventioz
