// Transaction markers: the control batches that end a transaction in a partition (COMMIT or
// ABORT), written by the broker, skipped by consumers, read by read_committed consumers and by
// the broker's own recovery. Wire and on-disk format: do not change any value here.
//
//   marker batch = a RecordBatch v2 with attributes transactional | control, the producer's id
//                  and epoch, base_sequence -1, and exactly one record:
//   key          = version:int16 (0) type:int16 (0 = ABORT, 1 = COMMIT)
//   value        = version:int16 (0) coordinator_epoch:int32
#pragma once

#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"

namespace eventioz::model {

struct transaction_marker {
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  bool commit = false;
  int32_t coordinator_epoch = 0;
  int64_t timestamp_ms = 0;
};

// The complete marker batch (base offset 0: the log assigns it).
byte_buffer build_transaction_marker(const transaction_marker& marker);

// Reads a marker back from a whole control batch (CRC checked). errc::record_invalid when the
// batch is not a control batch or its record is not a marker this format describes.
result<transaction_marker> parse_transaction_marker(byte_span batch);

}  // namespace eventioz::model
