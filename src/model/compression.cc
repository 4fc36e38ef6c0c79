// Codec names and the dispatch from a codec number to its implementation.
#include "model/compression.h"

#include <fmt/format.h>

#include "model/codecs.h"
#include "model/errc.h"

namespace eventioz::model {

std::string_view compression_name(compression codec) {
  switch (codec) {
    case compression::none:
      return "none";
    case compression::gzip:
      return "gzip";
    case compression::snappy:
      return "snappy";
    case compression::lz4:
      return "lz4";
    case compression::zstd:
      return "zstd";
  }
  return "unknown";
}

result<compression> parse_compression(std::string_view name) {
  for (compression codec : {compression::none, compression::gzip, compression::snappy,
                            compression::lz4, compression::zstd}) {
    if (name == compression_name(codec)) return codec;
  }
  return error(
      errc::unsupported_compression,
      fmt::format("unknown compression codec '{}'; use none, gzip, snappy, lz4 or zstd", name));
}

result<byte_buffer> compress(compression codec, byte_span input) {
  switch (codec) {
    case compression::none:
      return byte_buffer(input.begin(), input.end());
    case compression::gzip:
      return detail::gzip_compress(input);
    case compression::snappy:
      return detail::snappy_compress(input);
    case compression::lz4:
      return detail::lz4_compress(input);
    case compression::zstd:
      return detail::zstd_compress(input);
  }
  return error(errc::unsupported_compression,
               fmt::format("compression codec {} is not supported; use none, gzip, snappy, lz4 "
                           "or zstd",
                           static_cast<int>(codec)));
}

result<byte_buffer> decompress(compression codec, byte_span input, size_t output_size_max) {
  switch (codec) {
    case compression::none:
      if (input.size() > output_size_max) {
        return detail::decompressed_too_large_error(codec, output_size_max);
      }
      return byte_buffer(input.begin(), input.end());
    case compression::gzip:
      return detail::gzip_decompress(input, output_size_max);
    case compression::snappy:
      return detail::snappy_decompress(input, output_size_max);
    case compression::lz4:
      return detail::lz4_decompress(input, output_size_max);
    case compression::zstd:
      return detail::zstd_decompress(input, output_size_max);
  }
  return error(errc::unsupported_compression,
               fmt::format("compression codec {} is not supported; the producer must use none, "
                           "gzip, snappy, lz4 or zstd",
                           static_cast<int>(codec)));
}

namespace detail {

error decompressed_too_large_error(compression codec, size_t output_size_max) {
  return error(errc::decompressed_too_large,
               fmt::format("{} data expands past the limit of {} bytes; send smaller batches or "
                           "raise the limit",
                           compression_name(codec), output_size_max));
}

error corrupt_input_error(compression codec, std::string_view detail) {
  return error(errc::compression_failed,
               fmt::format("{} data is corrupt ({}); the producer sent damaged data or the "
                           "stored batch is damaged",
                           compression_name(codec), detail));
}

}  // namespace detail
}  // namespace eventioz::model
