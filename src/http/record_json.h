// A record as the HTTP API shows it (consume, the console's message browser, SSE, WebSocket),
// and the formats in which clients send keys and values (produce).
//
// Stored bytes carry no type, so the rendering says how it chose to show them:
//   {"topic":"orders","partition":0,"offset":42,"timestamp":1732480000000,
//    "key":"customer-7","key_format":"text","value":{"total":12.5},"value_format":"json",
//    "headers":[{"key":"ce_type","value":"order.created"}]}
// `json`: the bytes are a JSON document, shown as that document; `text`: valid UTF-8 that is not
// JSON, shown as a string; `base64`: anything else; `null`: a null key or value (tombstone).
// Header values are text when UTF-8, else base64 with "value_format":"base64".
//
// Written straight into a string (no JSON tree): push delivery renders every record it sends.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "model/record_batch.h"

namespace eventioz::http {

enum class data_format { json, text, base64 };

// "json" | "text" | "base64"; the error names the parameter and the choices.
result<data_format> parse_data_format(std::string_view name, std::string_view what);

// Appends `text` as a JSON string literal (quotes included); invalid UTF-8 is replaced.
void append_json_string(std::string& out, std::string_view text);
bool is_valid_utf8(byte_span bytes);

// Appends one record object.
void append_record_json(std::string& out, std::string_view topic, int32_t partition,
                        const model::record& record);

}  // namespace eventioz::http
