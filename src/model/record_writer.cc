// Encoding one record. The length prefix comes first, so the body's size is computed before
// anything is written.
#include <fmt/format.h>

#include <limits>

#include "base/varint.h"
#include "model/errc.h"
#include "model/record_codec.h"

namespace eventioz::model::detail {
namespace {

constexpr size_t length_max = std::numeric_limits<int32_t>::max();

size_t nullable_size(const std::optional<byte_buffer>& bytes) {
  if (!bytes) return signed_varint_size(-1);
  return signed_varint_size(static_cast<int64_t>(bytes->size())) + bytes->size();
}

void append_nullable(byte_buffer& to, const std::optional<byte_buffer>& bytes) {
  if (!bytes) {
    append_signed_varint(to, -1);
    return;
  }
  append_signed_varint(to, static_cast<int64_t>(bytes->size()));
  to.insert(to.end(), bytes->begin(), bytes->end());
}

// The size of the record after its length prefix, or nullopt when a field is too long for the
// format.
std::optional<size_t> body_size(const record_to_write& record, int64_t timestamp_delta,
                                int32_t offset_delta) {
  bool fits = (!record.key || record.key->size() <= length_max) &&
              (!record.value || record.value->size() <= length_max) &&
              record.headers.size() <= length_max;
  size_t size = 1 + signed_varint_size(timestamp_delta) + signed_varint_size(offset_delta) +
                nullable_size(record.key) + nullable_size(record.value) +
                signed_varint_size(static_cast<int64_t>(record.headers.size()));
  for (const record_header& header : record.headers) {
    fits = fits && header.key.size() <= length_max &&
           (!header.value || header.value->size() <= length_max);
    size += signed_varint_size(static_cast<int64_t>(header.key.size())) + header.key.size() +
            nullable_size(header.value);
  }
  if (!fits || size > length_max) return std::nullopt;
  return size;
}

}  // namespace

status append_record(byte_buffer& to, const record_to_write& record, int64_t timestamp_delta,
                     int32_t offset_delta) {
  std::optional<size_t> size = body_size(record, timestamp_delta, offset_delta);
  if (!size) {
    return error(errc::record_invalid,
                 fmt::format("the record at offset delta {} is larger than a record can be "
                             "({} bytes)",
                             offset_delta, length_max));
  }
  append_signed_varint(to, static_cast<int64_t>(*size));
  to.push_back(0);  // attributes: unused
  append_signed_varint(to, timestamp_delta);
  append_signed_varint(to, offset_delta);
  append_nullable(to, record.key);
  append_nullable(to, record.value);
  append_signed_varint(to, static_cast<int64_t>(record.headers.size()));
  for (const record_header& header : record.headers) {
    append_signed_varint(to, static_cast<int64_t>(header.key.size()));
    to.insert(to.end(), header.key.begin(), header.key.end());
    append_nullable(to, header.value);
  }
  return ok_status();
}

}  // namespace eventioz::model::detail
