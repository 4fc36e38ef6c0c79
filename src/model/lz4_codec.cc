// lz4 in the standard frame format (what Kafka clients write since magic 1 was fixed), through
// lz4frame. Frames are written as the Java client writes them: independent 64 KiB blocks, no
// content size or checksum, so every client can read them.
#include <lz4frame.h>

#include <memory>

#include "model/bounded_output.h"
#include "model/codecs.h"
#include "model/errc.h"

namespace eventioz::model::detail {
namespace {

struct decompression_context_deleter {
  void operator()(LZ4F_dctx* context) const { LZ4F_freeDecompressionContext(context); }
};
using decompression_context = std::unique_ptr<LZ4F_dctx, decompression_context_deleter>;

LZ4F_preferences_t kafka_preferences() {
  LZ4F_preferences_t preferences{};
  preferences.frameInfo.blockSizeID = LZ4F_max64KB;
  preferences.frameInfo.blockMode = LZ4F_blockIndependent;
  preferences.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum;
  return preferences;
}

}  // namespace

result<byte_buffer> lz4_compress(byte_span input) {
  LZ4F_preferences_t preferences = kafka_preferences();
  byte_buffer output(LZ4F_compressFrameBound(input.size(), &preferences));
  size_t written =
      LZ4F_compressFrame(output.data(), output.size(), input.data(), input.size(), &preferences);
  if (LZ4F_isError(written)) {
    return error(errc::compression_failed, fmt::format("lz4: {}", LZ4F_getErrorName(written)));
  }
  output.resize(written);
  return output;
}

result<byte_buffer> lz4_decompress(byte_span input, size_t output_size_max) {
  LZ4F_dctx* raw_context = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&raw_context, LZ4F_VERSION))) {
    return error(errc::compression_failed, "lz4: could not start a decompressor");
  }
  decompression_context context(raw_context);
  bounded_output output(output_size_max, decompressed_size_hint(input.size()));
  size_t consumed = 0;
  // LZ4F_decompress answers 0 once a frame is complete, else a hint of the input it wants next.
  size_t wanted = 1;
  while (true) {
    mutable_byte_span room = output.writable();
    if (room.empty()) break;  // exceeded
    size_t room_size = room.size();
    size_t input_size = input.size() - consumed;
    wanted = LZ4F_decompress(context.get(), room.data(), &room_size, input.data() + consumed,
                             &input_size, nullptr);
    if (LZ4F_isError(wanted)) {
      return corrupt_input_error(compression::lz4, LZ4F_getErrorName(wanted));
    }
    consumed += input_size;
    output.commit(room_size);
    // Frames may follow each other; the context starts a new one after each end.
    bool frame_complete = wanted == 0;
    if (consumed == input.size() && (frame_complete || room_size < room.size())) break;
    if (input_size == 0 && room_size == 0) break;  // no progress: the input ran out
  }
  if (output.exceeded()) return decompressed_too_large_error(compression::lz4, output_size_max);
  if (wanted != 0 || consumed != input.size()) {
    return corrupt_input_error(compression::lz4, "the data ends inside a frame");
  }
  return std::move(output).finish();
}

}  // namespace eventioz::model::detail
