// gzip through zlib: written with a gzip header (what Kafka clients expect), read with header
// auto-detection so that zlib-wrapped data from lenient producers is accepted too.
#include <zlib.h>

#include <algorithm>
#include <limits>

#include "model/bounded_output.h"
#include "model/codecs.h"
#include "model/errc.h"

namespace eventioz::model::detail {
namespace {

// zlib counts in uInt (32 bits); larger inputs are fed in pieces of this size.
constexpr size_t zlib_chunk_max = std::numeric_limits<uInt>::max();

// windowBits: 15 is the largest window; +16 writes a gzip wrapper, +32 detects gzip or zlib.
constexpr int gzip_write_window_bits = 15 + 16;
constexpr int auto_detect_window_bits = 15 + 32;
constexpr int memory_level = 8;  // zlib's default

uInt chunk(size_t available) { return static_cast<uInt>(std::min(available, zlib_chunk_max)); }

}  // namespace

result<byte_buffer> gzip_compress(byte_span input) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip_write_window_bits, memory_level,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return error(errc::compression_failed, "gzip: zlib could not start a compressor");
  }
  byte_buffer output(deflateBound(&stream, static_cast<uLong>(input.size())));
  size_t consumed = 0;
  size_t produced = 0;
  int code = Z_OK;
  while (code != Z_STREAM_END) {
    if (produced == output.size()) output.resize(output.size() * 2 + 64);
    stream.next_in = const_cast<Bytef*>(input.data() + consumed);
    stream.avail_in = chunk(input.size() - consumed);
    stream.next_out = output.data() + produced;
    stream.avail_out = chunk(output.size() - produced);
    uInt in_before = stream.avail_in;
    uInt out_before = stream.avail_out;
    bool last = input.size() - consumed == stream.avail_in;
    code = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH);
    consumed += in_before - stream.avail_in;
    produced += out_before - stream.avail_out;
    if (code != Z_OK && code != Z_STREAM_END && code != Z_BUF_ERROR) break;
  }
  deflateEnd(&stream);
  if (code != Z_STREAM_END) {
    return error(errc::compression_failed, fmt::format("gzip: zlib failed with code {}", code));
  }
  output.resize(produced);
  return output;
}

result<byte_buffer> gzip_decompress(byte_span input, size_t output_size_max) {
  z_stream stream{};
  if (inflateInit2(&stream, auto_detect_window_bits) != Z_OK) {
    return error(errc::compression_failed, "gzip: zlib could not start a decompressor");
  }
  bounded_output output(output_size_max, decompressed_size_hint(input.size()));
  size_t consumed = 0;
  bool stream_ended = false;
  const char* reason = "the data ends before the gzip stream does";
  while (true) {
    if (stream_ended) {
      // A gzip file may hold several members back to back; readers treat them as one stream.
      if (consumed == input.size()) break;
      inflateReset(&stream);
      stream_ended = false;
    }
    mutable_byte_span room = output.writable();
    if (room.empty()) break;  // exceeded
    stream.next_in = const_cast<Bytef*>(input.data() + consumed);
    stream.avail_in = chunk(input.size() - consumed);
    stream.next_out = room.data();
    stream.avail_out = chunk(room.size());
    uInt in_before = stream.avail_in;
    uInt out_before = stream.avail_out;
    int code = inflate(&stream, Z_NO_FLUSH);
    consumed += in_before - stream.avail_in;
    output.commit(out_before - stream.avail_out);
    if (code == Z_STREAM_END) {
      stream_ended = true;
    } else if (code != Z_OK) {
      // Z_BUF_ERROR here means no progress with room to write: the input ran out.
      if (code != Z_BUF_ERROR && stream.msg != nullptr) reason = stream.msg;
      break;
    }
  }
  inflateEnd(&stream);
  if (output.exceeded()) return decompressed_too_large_error(compression::gzip, output_size_max);
  if (!stream_ended) return corrupt_input_error(compression::gzip, reason);
  return std::move(output).finish();
}

}  // namespace eventioz::model::detail
