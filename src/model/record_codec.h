// Encoding and decoding the records inside a batch (the part after the 61-byte header, once
// decompressed). Internal to the model module: record_batch.h is the public face.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/byte_reader.h"
#include "base/bytes.h"
#include "base/result.h"
#include "model/record_batch.h"

namespace eventioz::model::detail {

// The smallest record: length, attributes, timestamp delta, offset delta, key length, value
// length and header count, one byte each. Bounds how many records a region can hold.
inline constexpr size_t record_size_min = 7;

struct header_view {
  byte_span key;
  std::optional<byte_span> value;
};

// A record decoded in place: its spans point into the region it was read from.
struct record_view {
  offset record_offset;
  int64_t timestamp = 0;  // absolute
  int32_t offset_delta = 0;
  std::optional<byte_span> key;
  std::optional<byte_span> value;
  std::vector<header_view> headers;
};

// Walks the records region of one batch, checking as it goes everything a record can get
// wrong: lengths and varints against the bytes that remain, each record's length against its
// fields, offset deltas strictly increasing up to last_offset_delta, the record count, and
// that no byte is left over. Owned by one caller; the region must outlive it.
class record_parser {
 public:
  // REQUIRES: `header` passed check_header_fields (record_count and last_offset_delta >= 0).
  record_parser(byte_span records, const record_batch_header& header);

  // Decodes the next record into record(): true when there was one, false once all
  // record_count records were read and the region is consumed, or the error that stopped it.
  result<bool> next();

  // The last record next() decoded; its spans and headers change with the next call.
  const record_view& record() const { return _record; }

 private:
  status decode_fields(byte_reader& body);
  status decode_headers(byte_reader& body);

  byte_reader _reader;
  const record_batch_header& _header;
  int32_t _records_read = 0;
  int64_t _previous_offset_delta = -1;
  record_view _record;
};

// Appends one record, its length prefix included. Fails when a length does not fit the
// format's 32-bit fields.
status append_record(byte_buffer& to, const record_to_write& record, int64_t timestamp_delta,
                     int32_t offset_delta);

}  // namespace eventioz::model::detail
