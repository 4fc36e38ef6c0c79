// Parsing push subscription parameters; the record filters.
#include "http/push_query.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace eventioz::http {
namespace {

error invalid(std::string message) {
  return error(std::make_error_code(std::errc::invalid_argument), std::move(message));
}

bool bytes_equal(const std::optional<byte_buffer>& bytes, const std::string& text) {
  return bytes && bytes->size() == text.size() &&
         std::equal(bytes->begin(), bytes->end(), text.begin(),
                    [](uint8_t byte, char c) { return byte == static_cast<uint8_t>(c); });
}

result<push_start> parse_start(const http_request& request) {
  auto offset_text = request.query_value("offset");
  auto timestamp_text = request.query_value("timestamp");
  if (offset_text && timestamp_text) {
    return invalid("give either offset or timestamp, not both");
  }
  if (timestamp_text) {
    EVENTIOZ_TRY(auto timestamp,
                 request.query_integer("timestamp", 0, std::numeric_limits<int64_t>::max()));
    return push_start{.kind = push_start_kind::timestamp, .value = *timestamp};
  }
  if (!offset_text || *offset_text == "latest") return push_start{};
  if (*offset_text == "earliest") return push_start{.kind = push_start_kind::earliest};
  auto offset = request.query_integer("offset", 0, std::numeric_limits<int64_t>::max());
  if (!offset) {
    return invalid(
        fmt::format("offset must be earliest, latest or a whole number >= 0, not "
                    "'{}'",
                    offset_text->substr(0, 64)));
  }
  return push_start{.kind = push_start_kind::offset, .value = **offset};
}

result<push_filter> parse_filter(const http_request& request) {
  push_filter filter;
  filter.key = request.query_value("key");
  if (auto header = request.query_value("header")) {
    size_t colon = header->find(':');
    if (colon == std::string::npos || colon == 0) {
      return invalid(
          fmt::format("header must be NAME:VALUE (e.g. header=ce_type:order.created), "
                      "not '{}'",
                      header->substr(0, 64)));
    }
    filter.header.emplace(header->substr(0, colon), header->substr(colon + 1));
  }
  return filter;
}

}  // namespace

bool push_filter::matches(const model::record& record) const {
  if (key && !bytes_equal(record.key, *key)) return false;
  if (header) {
    bool found = std::any_of(
        record.headers.begin(), record.headers.end(), [&](const model::record_header& candidate) {
          return candidate.key == header->first && bytes_equal(candidate.value, header->second);
        });
    if (!found) return false;
  }
  return true;
}

std::optional<std::string> last_event_id(const http_request& request) {
  auto header = request.message.find("Last-Event-ID");
  if (header != request.message.end() && !header->value().empty()) {
    return std::string(header->value());
  }
  return request.query_value("last_event_id");
}

result<push_query> parse_push_query(const http_request& request) {
  push_query query;
  EVENTIOZ_TRY(auto partition,
               request.query_integer("partition", 0, std::numeric_limits<int32_t>::max()));
  if (partition) query.partition = static_cast<int32_t>(*partition);
  EVENTIOZ_TRY(query.start, parse_start(request));
  EVENTIOZ_TRY(query.filter, parse_filter(request));
  if (auto cursor = last_event_id(request)) {
    EVENTIOZ_TRY(auto positions, parse_push_cursor(*cursor));
    query.resume = std::move(positions);
  }
  return query;
}

}  // namespace eventioz::http
