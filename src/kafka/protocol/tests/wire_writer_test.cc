// wire_writer and records_payload: bytes in order, file slices kept as their own chunks (for
// sendfile), sizes that count both, and the contiguous view of in-memory records.
#include "kafka/protocol/wire_writer.h"

#include <gtest/gtest.h>

#include "kafka/protocol/records_payload.h"

namespace eventioz::kafka::protocol {
namespace {

TEST(wire_writer, writes_big_endian_and_varints) {
  wire_writer writer;
  writer.write_int8(-1);
  writer.write_int16(0x0102);
  writer.write_uint16(0xfffe);
  writer.write_int32(-2);
  writer.write_int64(0x0102030405060708);
  writer.write_float64(1.5);
  writer.write_bool(true);
  writer.write_unsigned_varint(300);
  EXPECT_EQ(writer.size_bytes(), 1u + 2 + 2 + 4 + 8 + 8 + 1 + 2);
  EXPECT_EQ(writer.take_bytes(),
            (byte_buffer{0xff, 0x01, 0x02, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xfe, 0x01,
                         0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x3f, 0xf8, 0,
                         0,    0,    0,    0,    0,    0x01, 0xac, 0x02}));
  EXPECT_EQ(writer.size_bytes(), 0u);
}

TEST(wire_writer, file_slices_stay_separate_chunks) {
  auto keep_alive = std::make_shared<int>(7);
  records_payload records;
  records.append(byte_buffer{1, 2});
  records.append(
      file_slice{.fd = 3, .position = 100, .size_bytes = 4096, .keep_alive = keep_alive});
  const uint8_t borrowed[] = {3};
  records.append(byte_span(borrowed));
  EXPECT_EQ(records.size_bytes(), 4099u);

  wire_writer writer;
  writer.write_int32(static_cast<int32_t>(records.size_bytes()));
  writer.write_records_chunks(records);
  writer.write_int8(9);
  EXPECT_EQ(writer.size_bytes(), 4u + 4099 + 1);
  std::vector<output_chunk> chunks = writer.take_chunks();
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(std::get<byte_buffer>(chunks[0]), (byte_buffer{0, 0, 0x10, 0x03, 1, 2}));
  const auto& slice = std::get<file_slice>(chunks[1]);
  EXPECT_EQ(slice.fd, 3);
  EXPECT_EQ(slice.position, 100u);
  EXPECT_EQ(slice.size_bytes, 4096u);
  EXPECT_EQ(slice.keep_alive, keep_alive);
  EXPECT_EQ(std::get<byte_buffer>(chunks[2]), (byte_buffer{3, 9}));
}

TEST(records_payload, contiguous_bytes_of_in_memory_chunks) {
  records_payload empty;
  byte_buffer scratch;
  EXPECT_TRUE(empty.empty());
  EXPECT_TRUE(empty.contiguous_bytes(scratch)->empty());

  const uint8_t first[] = {1, 2};
  records_payload borrowed{byte_span(first)};
  EXPECT_EQ(borrowed.contiguous_bytes(scratch)->data(), first);  // no copy

  borrowed.append(byte_buffer{3});
  borrowed.append(byte_span());  // empty chunks are dropped
  EXPECT_EQ(borrowed.chunks().size(), 2u);
  auto joined = borrowed.contiguous_bytes(scratch);
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ(byte_buffer(joined->begin(), joined->end()), (byte_buffer{1, 2, 3}));

  borrowed.append(file_slice{.fd = 1, .size_bytes = 1});
  EXPECT_EQ(borrowed.contiguous_bytes(scratch), std::nullopt);
}

}  // namespace
}  // namespace eventioz::kafka::protocol
