// zstd frames. Decompression streams into a bounded buffer and never trusts the frame's
// declared content size (a frame can lie about it, or leave it out). The decoder's own window
// buffer is capped too, so that a 20-byte frame declaring a 2 GiB window cannot make it
// allocate one.
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <bit>
#include <memory>

#include "model/bounded_output.h"
#include "model/codecs.h"
#include "model/errc.h"

namespace eventioz::model::detail {
namespace {

// Level 3 is zstd's default and what the Java client uses unless configured.
constexpr int compression_level = 3;

// Bounds for the decoder's window, as powers of two. The floor admits frames from streaming
// writers of unknown size (the Java client's level 3 declares 2 MiB whatever the batch size,
// level 19 8 MiB); above it the window may grow with the caller's bound, up to zstd's default
// limit of 128 MiB.
constexpr int window_log_floor = 23;
constexpr int window_log_ceiling = 27;

struct context_deleter {
  void operator()(ZSTD_DCtx* context) const { ZSTD_freeDCtx(context); }
};

// Creating a decompression context costs more than decompressing a small batch, so each
// thread keeps one. One that grew large for a big frame is dropped rather than kept forever.
constexpr size_t kept_context_size_max = 8 << 20;

using context_ptr = std::unique_ptr<ZSTD_DCtx, context_deleter>;

context_ptr& thread_context() {
  thread_local context_ptr context;
  return context;
}

int window_log_max(size_t output_size_max) {
  int needed = output_size_max <= 1 ? 0 : static_cast<int>(std::bit_width(output_size_max - 1));
  return std::clamp(needed, window_log_floor, window_log_ceiling);
}

result<byte_buffer> decompress_with(ZSTD_DCtx* context, byte_span input, size_t output_size_max) {
  bounded_output output(output_size_max, decompressed_size_hint(input.size()));
  ZSTD_inBuffer in{input.data(), input.size(), 0};
  // ZSTD_decompressStream answers 0 once a frame is decoded and flushed, else an input hint.
  size_t hint = 1;
  while (true) {
    mutable_byte_span room = output.writable();
    if (room.empty()) break;  // exceeded
    ZSTD_outBuffer out{room.data(), room.size(), 0};
    size_t in_before = in.pos;
    hint = ZSTD_decompressStream(context, &out, &in);
    if (ZSTD_isError(hint)) {
      if (ZSTD_getErrorCode(hint) == ZSTD_error_frameParameter_windowTooLarge) {
        return error(errc::decompressed_too_large,
                     fmt::format("zstd: the frame asks for a window larger than 2^{} bytes, "
                                 "beyond what a batch of at most {} bytes may use; compress "
                                 "with a lower level",
                                 window_log_max(output_size_max), output_size_max));
      }
      return corrupt_input_error(compression::zstd, ZSTD_getErrorName(hint));
    }
    output.commit(out.pos);
    // With room left over, the decoder has flushed everything the input gave it.
    if (in.pos == in.size && out.pos < out.size) break;
    if (in.pos == in_before && out.pos == 0) break;  // no progress
  }
  if (output.exceeded()) return decompressed_too_large_error(compression::zstd, output_size_max);
  if (hint != 0 || in.pos != in.size) {
    return corrupt_input_error(compression::zstd, "the data ends inside a frame");
  }
  return std::move(output).finish();
}

}  // namespace

result<byte_buffer> zstd_compress(byte_span input) {
  byte_buffer output(ZSTD_compressBound(input.size()));
  size_t written =
      ZSTD_compress(output.data(), output.size(), input.data(), input.size(), compression_level);
  if (ZSTD_isError(written)) {
    return error(errc::compression_failed, fmt::format("zstd: {}", ZSTD_getErrorName(written)));
  }
  output.resize(written);
  return output;
}

result<byte_buffer> zstd_decompress(byte_span input, size_t output_size_max) {
  context_ptr& context = thread_context();
  if (!context) context.reset(ZSTD_createDCtx());
  if (!context) return error(errc::compression_failed, "zstd: could not start a decompressor");
  // Forget whatever the previous call left: a half-read frame, parameters.
  ZSTD_DCtx_reset(context.get(), ZSTD_reset_session_and_parameters);
  size_t set =
      ZSTD_DCtx_setParameter(context.get(), ZSTD_d_windowLogMax, window_log_max(output_size_max));
  EVENTIOZ_ASSERT(!ZSTD_isError(set), "zstd refused windowLogMax: {}", ZSTD_getErrorName(set));
  result<byte_buffer> decompressed = decompress_with(context.get(), input, output_size_max);
  if (ZSTD_sizeof_DCtx(context.get()) > kept_context_size_max) context.reset();
  return decompressed;
}

}  // namespace eventioz::model::detail
