// libFuzzer target for the __transaction_state value decoder: arbitrary bytes must decode or
// fail cleanly (no crash, no out-of-bounds read, no allocation driven by a bogus count), and a
// value that decodes must survive encoding and decoding again unchanged.
#include <cstddef>
#include <cstdint>

#include "base/assert.h"
#include "txn/transaction_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace eventioz;
  byte_span value(data, size);
  auto decoded = txn::decode_transaction_record("fuzz", value);
  if (decoded.ok()) {
    byte_buffer again = txn::encode_transaction_value(*decoded);
    // (The bytes may differ: partitions and groups are sets, sorted and without duplicates.)
    auto twice = txn::decode_transaction_record("fuzz", again);
    EVENTIOZ_ASSERT(twice.ok() && *twice == *decoded, "a decoded value does not round-trip");
  }
  return 0;
}
