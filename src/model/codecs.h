// The individual codecs behind compress() and decompress(), one file each. Internal to the
// model module: callers use compression.h, which picks the codec from a batch's attributes.
#pragma once

#include <cstddef>

#include "base/bytes.h"
#include "base/result.h"
#include "model/compression.h"

namespace eventioz::model::detail {

result<byte_buffer> gzip_compress(byte_span input);
result<byte_buffer> gzip_decompress(byte_span input, size_t output_size_max);

result<byte_buffer> snappy_compress(byte_span input);
result<byte_buffer> snappy_decompress(byte_span input, size_t output_size_max);

result<byte_buffer> lz4_compress(byte_span input);
result<byte_buffer> lz4_decompress(byte_span input, size_t output_size_max);

result<byte_buffer> zstd_compress(byte_span input);
result<byte_buffer> zstd_decompress(byte_span input, size_t output_size_max);

// The errors every codec reports the same way.
error decompressed_too_large_error(compression codec, size_t output_size_max);
error corrupt_input_error(compression codec, std::string_view detail);

// A start for the output buffer: compressed batches of records typically expand a few times.
inline size_t decompressed_size_hint(size_t input_size) { return input_size * 4; }

}  // namespace eventioz::model::detail
