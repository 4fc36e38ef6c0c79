// The compression codecs of Kafka record batches. Decompression is always bounded: a batch that
// claims to expand past the limit is refused before the memory is used (a "zip bomb" must not
// take the broker down). Every function is thread-safe (zstd keeps one decompression context
// per thread, since creating one costs more than decompressing a small batch).
#pragma once

#include <cstdint>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace eventioz::model {

// Attribute bits 0-2 of a record batch. On-wire values: do not change.
enum class compression : uint8_t { none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4 };

std::string_view compression_name(compression codec);

// Parses "none", "gzip", "snappy", "lz4" or "zstd".
result<compression> parse_compression(std::string_view name);

// Compresses `input` in the format Kafka clients read: gzip with a gzip header, snappy in the
// xerial framing the Java client writes, lz4 in the standard frame format, zstd frames.
result<byte_buffer> compress(compression codec, byte_span input);

// Decompresses `input`, refusing with model errc::decompressed_too_large when the output would
// exceed `output_size_max`. Snappy accepts both raw blocks and xerial framing.
result<byte_buffer> decompress(compression codec, byte_span input, size_t output_size_max);

}  // namespace eventioz::model
