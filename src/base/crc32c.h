// CRC-32C (Castagnoli), the checksum of Kafka RecordBatch v2 and of our own file formats.
// Uses the SSE4.2 crc32 instruction when the processor has it, a table otherwise; both give
// identical results (tested against the published check values).
#pragma once

#include <cstdint>

#include "base/bytes.h"

namespace eventioz {

// Extends `crc` (the value returned for the bytes before) over `data`. Start with 0.
uint32_t crc32c_extend(uint32_t crc, byte_span data);

inline uint32_t crc32c(byte_span data) { return crc32c_extend(0, data); }

// The portable implementation, exposed so tests can compare it with the hardware one.
uint32_t crc32c_extend_portable(uint32_t crc, byte_span data);

// True when crc32c_extend uses the processor's instruction.
bool crc32c_is_hardware_accelerated();

}  // namespace eventioz
