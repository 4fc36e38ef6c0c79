// The one place where module errors become Kafka's error codes.
#pragma once

#include <cstdint>
#include <string>
#include <system_error>

#include "base/result.h"
#include "kafka/protocol/error_code.h"

namespace eventioz::kafka {

// The codes themselves are one list shared with the client.
using kafka_error = protocol::error_code;
using protocol::code_of;

// Every error a handler can meet, mapped exhaustively by category and code.
kafka_error to_kafka_error(const error& failure);
// The same for modules that answer with a bare code (the group coordinator); none when empty.
kafka_error to_kafka_error(std::error_code code);
inline int16_t code_for(std::error_code code) { return code_of(to_kafka_error(code)); }

// The error's message for a response's error_message: bounded (messages quote what the client
// sent, and a classic string holds at most 32,767 bytes), cut at a UTF-8 character boundary.
std::string message_for_client(const error& failure);

}  // namespace eventioz::kafka
