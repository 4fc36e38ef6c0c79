// The checks that validate_batch, validate_records and read_records share, so that each entry
// point is safe on arbitrary bytes without repeating the CRC where the caller has done it.
#pragma once

#include "base/bytes.h"
#include "base/result.h"
#include "model/record_batch.h"

namespace eventioz::model::detail {

// The header of `batch`, which must hold exactly one batch: no bytes missing, none after.
result<record_batch_header> parse_exact_batch(byte_span batch);

// Compares the stored CRC-32C with one computed from attributes to the end.
status check_crc(byte_span batch, const record_batch_header& header);

// The header fields' own consistency: codec, record count against last_offset_delta,
// producer fields, timestamps.
status check_header_fields(const record_batch_header& header);

}  // namespace eventioz::model::detail
