// snappy as Kafka clients use it. The Java client writes the "xerial" framing of snappy-java
// (a 16-byte header, then blocks each prefixed by its compressed length), so that is what we
// write; readers accept the framing or a single raw snappy block, as librdkafka does.
//
//   xerial  = magic:8 version:int32 compatible_version:int32 block*
//   magic   = 0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00
//   block   = compressed_length:int32 raw_snappy_block
#include <snappy.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "base/byte_reader.h"
#include "model/codecs.h"
#include "model/errc.h"

namespace eventioz::model::detail {
namespace {

constexpr std::array<uint8_t, 8> xerial_magic = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0x00};
constexpr size_t xerial_header_size = 16;
constexpr int32_t xerial_version = 1;
constexpr int32_t xerial_compatible_version = 1;
// snappy-java's default block; each block is compressed independently.
constexpr size_t xerial_block_input_size = 32 * 1024;

bool has_xerial_magic(byte_span input) {
  return input.size() >= xerial_header_size &&
         std::memcmp(input.data(), xerial_magic.data(), xerial_magic.size()) == 0;
}

// Appends one raw snappy block of `block` to `output`, growing it only when the block's own
// length says how much and that fits under the bound.
status append_raw_block(byte_span block, byte_buffer& output, size_t output_size_max) {
  const char* compressed = reinterpret_cast<const char*>(block.data());
  size_t block_size = 0;
  if (!snappy::GetUncompressedLength(compressed, block.size(), &block_size)) {
    return corrupt_input_error(compression::snappy, "a block's length prefix is malformed");
  }
  if (block_size > output_size_max - output.size()) {
    return decompressed_too_large_error(compression::snappy, output_size_max);
  }
  size_t at = output.size();
  if (output.capacity() < at + block_size) {
    // Grow by doubling for many blocks, but never reserve past the bound.
    output.reserve(std::min(std::max(output.capacity() * 2, at + block_size), output_size_max));
  }
  output.resize(at + block_size);
  if (!snappy::RawUncompress(compressed, block.size(),
                             reinterpret_cast<char*>(output.data() + at))) {
    return corrupt_input_error(compression::snappy, "a block does not decompress");
  }
  return ok_status();
}

result<byte_buffer> decompress_xerial(byte_span input, size_t output_size_max) {
  byte_reader reader(input);
  reader.skip(xerial_magic.size());
  auto version = reader.read_big_endian<int32_t>();
  auto compatible = reader.read_big_endian<int32_t>();
  // Newer writers raise version but keep compatible_version for what old readers understand.
  if (!version || !compatible || *compatible != xerial_compatible_version) {
    return corrupt_input_error(compression::snappy, "unsupported xerial framing version");
  }
  byte_buffer output;
  while (!reader.at_end()) {
    auto length = reader.read_big_endian<int32_t>();
    if (!length || *length < 0) {
      return corrupt_input_error(compression::snappy, "a block length is malformed");
    }
    auto block = reader.read_bytes(static_cast<size_t>(*length));
    if (!block) {
      return corrupt_input_error(compression::snappy, "a block runs past the end of the data");
    }
    EVENTIOZ_RETURN_IF_ERROR(append_raw_block(*block, output, output_size_max));
  }
  return output;
}

}  // namespace

result<byte_buffer> snappy_compress(byte_span input) {
  byte_buffer output(xerial_magic.begin(), xerial_magic.end());
  append_big_endian(output, xerial_version);
  append_big_endian(output, xerial_compatible_version);
  for (size_t at = 0; at < input.size(); at += xerial_block_input_size) {
    size_t block_input_size = std::min(xerial_block_input_size, input.size() - at);
    size_t length_at = output.size();
    output.resize(length_at + sizeof(int32_t) + snappy::MaxCompressedLength(block_input_size));
    size_t compressed_size = 0;
    snappy::RawCompress(reinterpret_cast<const char*>(input.data() + at), block_input_size,
                        reinterpret_cast<char*>(output.data() + length_at + sizeof(int32_t)),
                        &compressed_size);
    write_big_endian(output.data() + length_at, static_cast<int32_t>(compressed_size));
    output.resize(length_at + sizeof(int32_t) + compressed_size);
  }
  return output;
}

result<byte_buffer> snappy_decompress(byte_span input, size_t output_size_max) {
  if (has_xerial_magic(input)) return decompress_xerial(input, output_size_max);
  byte_buffer output;
  EVENTIOZ_RETURN_IF_ERROR(append_raw_block(input, output, output_size_max));
  return output;
}

}  // namespace eventioz::model::detail
