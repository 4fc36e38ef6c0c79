#include "storage/batch_scanner.h"

#include <algorithm>
#include <cstring>

#include "model/record_batch_format.h"
#include "storage/errc.h"

namespace eventioz::storage {
namespace {

constexpr size_t read_chunk_size = 256 * 1024;

bool all_zero(byte_span bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; });
}

}  // namespace

batch_scanner::batch_scanner(io::file& file, uint64_t start_position, uint64_t end_position,
                             bool verify_crc, size_t batch_size_max)
    : _file(file),
      _position(start_position),
      _end_position(end_position),
      _verify_crc(verify_crc),
      _batch_size_max(batch_size_max) {}

result<bool> batch_scanner::fill(size_t size) {
  if (_position + size > _end_position) return false;
  uint64_t have_from = _buffer_position;
  uint64_t have_to = _buffer_position + _buffer_size;
  if (_position >= have_from && _position + size <= have_to) return true;
  // Refill from _position: at least `size`, at least a chunk, never past the end.
  size_t want = std::max(size, read_chunk_size);
  want = static_cast<size_t>(std::min<uint64_t>(want, _end_position - _position));
  if (_buffer.size() < want) _buffer.resize(want);
  EVENTIOZ_TRY(size_t got, _file.read_at(_position, mutable_byte_span(_buffer.data(), want)));
  _buffer_position = _position;
  _buffer_size = got;
  return got >= size;
}

byte_span batch_scanner::last_batch_bytes() const { return _last_batch; }

result<std::optional<uint64_t>> batch_scanner::find_data_after(uint64_t position) {
  byte_buffer chunk(read_chunk_size);
  while (position < _end_position) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(chunk.size(), _end_position - position));
    EVENTIOZ_TRY(size_t got, _file.read_at(position, mutable_byte_span(chunk.data(), want)));
    if (got == 0) break;
    auto nonzero = std::find_if(chunk.begin(), chunk.begin() + static_cast<ptrdiff_t>(got),
                                [](uint8_t b) { return b != 0; });
    if (nonzero != chunk.begin() + static_cast<ptrdiff_t>(got)) {
      return std::optional<uint64_t>(position + static_cast<uint64_t>(nonzero - chunk.begin()));
    }
    position += got;
  }
  return std::optional<uint64_t>();
}

result<scan_step> batch_scanner::next() {
  if (_stopped) return *_stopped;
  auto stop = [&](scan_step::kind what, std::string detail) {
    scan_step step;
    step.what = what;
    step.position = _position;
    step.detail = std::move(detail);
    _stopped = step;
    return step;
  };
  if (_position >= _end_position) return stop(scan_step::kind::end_of_data, "");

  using model::batch_layout::header_size;
  EVENTIOZ_TRY(bool have_header, fill(header_size));
  if (!have_header) {
    size_t remaining = static_cast<size_t>(_end_position - _position);
    EVENTIOZ_TRY(bool have_rest, fill(remaining));
    if (have_rest && all_zero({_buffer.data() + (_position - _buffer_position), remaining})) {
      return stop(scan_step::kind::end_of_data, "");
    }
    return stop(scan_step::kind::torn, "the file ends inside a batch header");
  }
  byte_span header_bytes(_buffer.data() + (_position - _buffer_position), header_size);
  if (all_zero(header_bytes)) {
    // Zeros are where the batches end (preallocated space, or an append that never reached the
    // disk) — but only if nothing follows them. Data after zeros means a batch in the middle
    // was zeroed: damage, which must not pass for a clean end (checked when verifying, i.e. in
    // recovery; reads never scan past the known end).
    if (_verify_crc) {
      EVENTIOZ_TRY(std::optional<uint64_t> data_at, find_data_after(_position));
      if (data_at) {
        return stop(
            scan_step::kind::corrupt,
            fmt::format("zeros at byte {} are followed by data at byte {}", _position, *data_at));
      }
    }
    return stop(scan_step::kind::end_of_data, "");
  }

  auto header = model::parse_batch_header(header_bytes, _batch_size_max);
  if (!header) return stop(scan_step::kind::corrupt, header.error_value().message());
  size_t batch_size = header->size_bytes();
  if (_position + batch_size > _end_position) {
    return stop(scan_step::kind::torn, "the file ends inside a batch");
  }
  if (_verify_crc) {
    EVENTIOZ_TRY(bool have_batch, fill(batch_size));
    if (!have_batch) return stop(scan_step::kind::torn, "the file ends inside a batch");
    _last_batch = byte_span(_buffer.data() + (_position - _buffer_position), batch_size);
    auto valid = model::validate_batch(_last_batch);
    if (!valid) return stop(scan_step::kind::corrupt, valid.error_value().message());
  }
  scan_step step;
  step.what = scan_step::kind::batch;
  step.header = *header;
  step.position = _position;
  _position += batch_size;
  return step;
}

result<std::optional<scan_step>> batch_scanner::next_batch() {
  EVENTIOZ_TRY(scan_step step, next());
  switch (step.what) {
    case scan_step::kind::batch:
      return std::optional<scan_step>(std::move(step));
    case scan_step::kind::end_of_data:
      return std::optional<scan_step>();
    case scan_step::kind::torn:
    case scan_step::kind::corrupt:
      break;
  }
  return error(errc::corrupt_data,
               fmt::format("{} at byte {}: {}", _file.path(), step.position, step.detail));
}

}  // namespace eventioz::storage
