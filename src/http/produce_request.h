// The body of POST /v1/topics/{topic}/records, parsed and checked before anything is written
// (docs/http-api-contract.md, "Produce"):
//   {"records": [{"key": "k", "value": {...}, "headers": {"h": "v"}, "partition": 0,
//                 "timestamp": 1732480000000, "key_format": "text", "value_format": "json"}],
//    "key_format": "text", "value_format": "json"}
// then each record's partition chosen (explicit, murmur2 of the key as Kafka's Java client
// does, or one partition per request for records without a key) and one uncompressed batch
// built per partition.
//
// Everything here works on untrusted input (a fuzzer drives parse_produce_request): errors are
// http::errc (bad_json with the parser's position, invalid_request naming the member, as in
// "records[3].value"), never exceptions or crashes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "model/record_batch.h"

namespace eventioz::http {

// More records than this in one request are refused (413 too-many-records).
inline constexpr size_t produce_records_max = 10'000;

struct produce_record {
  std::optional<int32_t> partition;  // as the client asked; else chosen by assign_partitions
  std::optional<int64_t> timestamp;  // as the client gave it; else the broker's clock
  model::record_to_write record;     // key, value and headers as bytes
};

struct produce_request {
  std::vector<produce_record> records;
};

result<produce_request> parse_produce_request(std::string_view body,
                                              size_t records_max = produce_records_max);

// Each record's partition, in request order: its own `partition` (errc::unknown_partition when
// not below `partition_count`), else murmur2(key) % partition_count for a key (an empty key
// too, as Kafka's default partitioner), else `unkeyed_partition` (one per request).
// REQUIRES: partition_count > 0 and 0 <= unkeyed_partition < partition_count.
result<std::vector<int32_t>> assign_partitions(const produce_request& request,
                                               int32_t partition_count, int32_t unkeyed_partition);

// One batch per partition holding that partition's records in request order.
struct partition_batch {
  int32_t partition = 0;
  std::vector<size_t> record_indices;  // positions in the request; record i is at base + i
  byte_buffer batch;
};

// Records without a timestamp get `now_ms`. Moves the records' bytes out of `request`. Errors:
// model::errc::record_invalid (a field too long for the format).
result<std::vector<partition_batch>> build_partition_batches(produce_request& request,
                                                             const std::vector<int32_t>& partitions,
                                                             int64_t now_ms);

}  // namespace eventioz::http
