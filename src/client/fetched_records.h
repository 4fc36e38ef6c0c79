// Turns the `records` bytes of one partition in a Fetch response into records. A broker may
// return a batch that starts before the requested offset (it sends whole batches), control
// batches of transactions, and, at the end, part of a batch cut by the size limit; all three
// are normal and handled here. A batch that fails its CRC is corruption and an error.
#pragma once

#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "model/record_batch.h"

namespace eventioz::client {

struct fetched_records {
  std::vector<model::record> records;  // offsets >= the fetch offset, in order
  // Where the next fetch starts: after the last whole batch (control batches included), or the
  // fetch offset when no whole batch arrived.
  offset next_offset{0};
  bool truncated_tail = false;  // a partial batch ended the data (more remains on the broker)
};

// REQUIRES: fetch_offset >= 0. Fails with errc::corrupt_data when a whole batch does not
// decode (CRC, lengths, codec), naming the offset.
result<fetched_records> decode_fetched_records(byte_span records, offset fetch_offset,
                                               size_t decompressed_size_max);

}  // namespace eventioz::client
