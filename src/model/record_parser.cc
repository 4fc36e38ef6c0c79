// Decoding records from untrusted bytes: every length is checked against what remains before
// it is used, and a record must consume exactly the bytes its length prefix promised.
#include <fmt/format.h>

#include "model/errc.h"
#include "model/record_codec.h"

namespace eventioz::model::detail {
namespace {

error malformed(std::string_view what) { return error(errc::record_invalid, std::string(what)); }

// bytes = length:varint data, where length -1 means null.
result<std::optional<byte_span>> read_nullable_bytes(byte_reader& reader, std::string_view what) {
  auto length = reader.read_signed_varint32();
  if (!length) return malformed(fmt::format("the {} length varint is malformed", what));
  if (*length == -1) return std::optional<byte_span>();
  if (*length < -1) return malformed(fmt::format("the {} length {} is negative", what, *length));
  auto bytes = reader.read_bytes(static_cast<size_t>(*length));
  if (!bytes) {
    return malformed(fmt::format("the {} length {} runs past the record's {} remaining bytes", what,
                                 *length, reader.remaining()));
  }
  return std::optional<byte_span>(*bytes);
}

}  // namespace

record_parser::record_parser(byte_span records, const record_batch_header& header)
    : _reader(records), _header(header) {}

result<bool> record_parser::next() {
  if (_records_read == _header.record_count) {
    if (!_reader.at_end()) {
      return error(errc::record_count_invalid,
                   fmt::format("record batch claims {} records but {} bytes follow the last",
                               _header.record_count, _reader.remaining()));
    }
    return false;
  }
  if (_reader.at_end()) {
    return error(errc::record_count_invalid,
                 fmt::format("record batch claims {} records but holds {}", _header.record_count,
                             _records_read));
  }
  auto fail = [&](error failure) {
    return failure.with_context(fmt::format("record {} of the batch", _records_read));
  };
  auto length = _reader.read_signed_varint32();
  if (!length || *length < 0) return fail(malformed("its length varint is malformed"));
  auto body_bytes = _reader.read_bytes(static_cast<size_t>(*length));
  if (!body_bytes) {
    return fail(malformed(fmt::format("its length {} runs past the {} bytes that remain", *length,
                                      _reader.remaining())));
  }
  byte_reader body(*body_bytes);
  status decoded = decode_fields(body);
  if (!decoded) return fail(std::move(decoded).error_value());
  if (!body.at_end()) {
    return fail(malformed(fmt::format("{} bytes follow its last header", body.remaining())));
  }
  ++_records_read;
  return true;
}

status record_parser::decode_fields(byte_reader& body) {
  // Record attributes are unused by every Kafka version so far; readers ignore them.
  if (!body.skip(1)) return malformed("it ends before its attributes");
  auto timestamp_delta = body.read_signed_varint64();
  if (!timestamp_delta) return malformed("its timestamp delta varint is malformed");
  auto offset_delta = body.read_signed_varint32();
  if (!offset_delta) return malformed("its offset delta varint is malformed");
  if (*offset_delta <= _previous_offset_delta || *offset_delta > _header.last_offset_delta) {
    return error(errc::record_invalid,
                 fmt::format("its offset delta {} is not above the previous record's {} and at "
                             "most the batch's last offset delta {}",
                             *offset_delta, _previous_offset_delta, _header.last_offset_delta));
  }
  _previous_offset_delta = *offset_delta;
  _record.offset_delta = *offset_delta;
  // parse_batch_header checked that base_offset + last_offset_delta does not overflow.
  _record.record_offset = _header.base_offset + *offset_delta;
  if (_header.uses_log_append_time()) {
    _record.timestamp = _header.max_timestamp;
  } else if (__builtin_add_overflow(_header.base_timestamp, *timestamp_delta, &_record.timestamp)) {
    return malformed(fmt::format("its timestamp delta {} overflows the base timestamp {}",
                                 *timestamp_delta, _header.base_timestamp));
  }
  EVENTIOZ_TRY(_record.key, read_nullable_bytes(body, "key"));
  EVENTIOZ_TRY(_record.value, read_nullable_bytes(body, "value"));
  return decode_headers(body);
}

status record_parser::decode_headers(byte_reader& body) {
  _record.headers.clear();
  auto count = body.read_signed_varint32();
  if (!count) return malformed("its header count varint is malformed");
  // Each header takes at least two bytes (two lengths), which bounds the count before any
  // memory is reserved for it.
  if (*count < 0 || static_cast<size_t>(*count) > body.remaining() / 2) {
    return malformed(fmt::format("its header count {} does not fit the {} bytes that remain",
                                 *count, body.remaining()));
  }
  _record.headers.reserve(static_cast<size_t>(*count));
  for (int32_t i = 0; i < *count; ++i) {
    auto key_length = body.read_signed_varint32();
    if (!key_length) return malformed(fmt::format("header {}'s key length is malformed", i));
    // A header key is a string, never null.
    if (*key_length < 0) {
      return malformed(fmt::format("header {}'s key length {} is negative", i, *key_length));
    }
    auto key = body.read_bytes(static_cast<size_t>(*key_length));
    if (!key) return malformed(fmt::format("header {}'s key runs past the record", i));
    EVENTIOZ_TRY(std::optional<byte_span> value, read_nullable_bytes(body, "header value"));
    _record.headers.push_back({*key, value});
  }
  return ok_status();
}

}  // namespace eventioz::model::detail
