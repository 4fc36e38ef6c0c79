// Parsing event-store subscription parameters.
#include "http/store_push_query.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>

namespace eventioz::http {
namespace {

error invalid(std::string message) {
  return error(std::make_error_code(std::errc::invalid_argument), std::move(message));
}

std::string shown(std::string_view text) {
  std::string out(text.substr(0, 64));
  if (text.size() > 64) out += "...";
  return out;
}

result<std::vector<std::string>> parse_types(const std::string& text) {
  std::vector<std::string> types;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string type = text.substr(start, comma == std::string::npos ? comma : comma - start);
    if (type.empty()) {
      return invalid(
          fmt::format("types must be event types separated by commas, like "
                      "types=deposited,withdrawn, with none empty; not '{}'",
                      shown(text)));
    }
    if (types.size() == store_push_types_max) {
      return invalid(
          fmt::format("types names more than {} event types; subscribe to fewer, or "
                      "to all (leave types out) and filter on your side",
                      store_push_types_max));
    }
    types.push_back(std::move(type));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return types;
}

}  // namespace

result<store_push_query> parse_store_push_query(const http_request& request) {
  store_push_query query;
  if (auto from = request.query_value("from")) {
    if (*from == "earliest") {
      query.start.kind = push_start_kind::earliest;
    } else if (*from != "end") {
      return invalid(fmt::format(
          "from must be earliest (every event of the store) or end (only new events), not '{}'",
          shown(*from)));
    }
  }
  if (auto offsets = request.query_value("offsets")) {
    auto positions = parse_push_cursor(*offsets);
    if (!positions) {
      return invalid(
          fmt::format("offsets must be partition:offset pairs separated by commas, "
                      "like offsets=0:42,1:17 (the next offset to deliver of each "
                      "partition named); {}",
                      positions.error_value().message()));
    }
    query.positions = std::move(*positions);
  }
  if (auto cursor = last_event_id(request)) {
    EVENTIOZ_TRY(auto resume, parse_push_cursor(*cursor));
    if (!query.positions) query.positions.emplace();
    for (const auto& [partition, next_offset] : resume) {
      (*query.positions)[partition] = next_offset;
    }
  }
  if (auto types = request.query_value("types")) {
    EVENTIOZ_TRY(query.types, parse_types(*types));
  }
  return query;
}

result<stream_push_query> parse_stream_push_query(const http_request& request) {
  stream_push_query query;
  // The largest version a resume can go on after is max - 1: its successor must be a version.
  constexpr int64_t version_max = std::numeric_limits<int64_t>::max() - 1;
  EVENTIOZ_TRY(auto from_version, request.query_integer("from_version", 0, version_max));
  if (from_version) query.from_version = *from_version;
  if (auto id = last_event_id(request)) {
    int64_t last_version = -1;
    auto [end, failure] = std::from_chars(id->data(), id->data() + id->size(), last_version);
    if (id->empty() || (*id)[0] == '+' || failure != std::errc() ||
        end != id->data() + id->size() || last_version < 0 || last_version >= version_max) {
      return invalid(
          fmt::format("the last event id '{}' is not a stream version; send back the "
                      "id of the last event received exactly as it came (a whole "
                      "number >= 0), or leave Last-Event-ID out and use from_version",
                      shown(*id)));
    }
    query.from_version = last_version + 1;
  }
  return query;
}

}  // namespace eventioz::http
