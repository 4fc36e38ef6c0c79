// libFuzzer target for the record batch parser: arbitrary bytes through every entry point that
// reads untrusted batches. Nothing may crash, leak, read out of bounds or overflow, and the
// entry points must agree: a batch read_records accepts passes both validations, and one that
// passes both is readable.
#include <cstddef>
#include <cstdint>

#include "base/assert.h"
#include "base/crc32c.h"
#include "model/record_batch.h"
#include "model/record_batch_format.h"

namespace {

using namespace eventioz;

// Small enough that a bomb is cut off quickly, large enough for real batches.
constexpr size_t decompressed_size_max = 4 << 20;

void check(byte_span bytes) {
  (void)model::parse_batch_header(bytes);
  auto header = model::validate_batch(bytes);
  auto records_valid = model::validate_records(bytes, decompressed_size_max);
  auto records = model::read_records(bytes, decompressed_size_max);
  if (records.ok()) {
    EVENTIOZ_ASSERT(header.ok() && records_valid.ok(),
                    "read_records accepted a batch that validation refused");
    EVENTIOZ_ASSERT(records->size() == static_cast<size_t>(header->record_count),
                    "{} records read, {} claimed", records->size(), header->record_count);
  }
  if (header.ok() && records_valid.ok()) {
    EVENTIOZ_ASSERT(records.ok(), "validated batch not readable: {}",
                    records.error_value().to_string());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  check(byte_span(data, size));
  // Mutations nearly always break the CRC, which would stop read_records at the door; a copy
  // with the CRC made right lets the fuzzer reach the decoding behind it.
  if (size >= model::batch_layout::header_size) {
    byte_buffer fixed(data, data + size);
    uint32_t crc = crc32c(byte_span(fixed).subspan(model::batch_layout::attributes_at));
    write_big_endian(fixed.data() + model::batch_layout::crc_at, crc);
    check(fixed);
  }
  return 0;
}
