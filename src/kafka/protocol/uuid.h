// A Kafka UUID (topic ids, KIP-516): 16 bytes, sent as they are. The zero UUID means "none".
#pragma once

#include <array>
#include <cstdint>

namespace eventioz::kafka::protocol {

using uuid = std::array<uint8_t, 16>;

}  // namespace eventioz::kafka::protocol
