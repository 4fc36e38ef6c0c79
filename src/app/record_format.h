// How `eventioz consume` prints a record: the value alone, key and value, or one JSON object
// per line.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "client/consumer.h"

namespace eventioz::app {

enum class record_format { value, kv, json };

// Parses "value", "kv" or "json".
result<record_format> parse_record_format(std::string_view name);

// One line, newline included:
//   value: the value's bytes ("" for a null value)
//   kv:    key, separator, value (a null key prints as nothing)
//   json:  {"topic":..,"partition":..,"offset":..,"timestamp":..,"key":..|null,
//           "value":..|null,"headers":[{"key":..,"value":..|null},..]}
std::string format_record(const client::consumed_record& consumed, record_format format,
                          std::string_view key_separator);

}  // namespace eventioz::app
