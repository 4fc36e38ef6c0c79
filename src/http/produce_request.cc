// Parsing, partitioning and batching of HTTP produce requests (produce_request.h).
#include "http/produce_request.h"

#include <fmt/format.h>

#include <charconv>
#include <map>

#include "http/base64.h"
#include "http/errc.h"
#include "http/json_scan.h"
#include "http/record_json.h"
#include "http/request_json.h"
#include "model/murmur2.h"

namespace eventioz::http {
namespace {

using json_scan::kind;

// Timestamps beyond this (year ~2286) are surely a unit mistake (microseconds, say).
constexpr int64_t timestamp_max = 9'999'999'999'999;

error invalid(std::string message) {
  return error(make_error_code(errc::invalid_request), std::move(message));
}

const char* kind_name(kind type) {
  switch (type) {
    case kind::null:
      return "null";
    case kind::boolean:
      return "a boolean";
    case kind::number:
      return "a number";
    case kind::string:
      return "a string";
    case kind::array:
      return "an array";
    case kind::object:
      return "an object";
  }
  return "a value";
}

result<data_format> format_of(const json_scan::value& member, const std::string& where) {
  if (member.type != kind::string) {
    return invalid(fmt::format("{} must be \"json\", \"text\" or \"base64\"", where));
  }
  auto format = parse_data_format(json_scan::string_content(member), where);
  if (!format) return invalid(format.error_value().message());
  return *format;
}

// An integer member in [0, high]; nullopt for null.
result<std::optional<int64_t>> integer_of(const json_scan::value& member, int64_t high,
                                          const std::string& what) {
  if (member.type == kind::null) return std::optional<int64_t>();
  int64_t number = -1;
  if (member.type == kind::number) {
    auto [end, failure] =
        std::from_chars(member.raw.data(), member.raw.data() + member.raw.size(), number);
    if (failure != std::errc() || end != member.raw.data() + member.raw.size()) number = -1;
  }
  if (number < 0 || number > high) return invalid(what);
  return std::optional<int64_t>(number);
}

// The bytes of a key, value or header value sent in `format`; nullopt for JSON null.
result<std::optional<byte_buffer>> data_bytes(const json_scan::value& data, data_format format,
                                              const std::string& where) {
  if (data.type == kind::null) return std::optional<byte_buffer>();
  switch (format) {
    case data_format::json: {
      std::string text;
      json_scan::append_compact(text, data.raw);
      return std::optional<byte_buffer>(byte_buffer(text.begin(), text.end()));
    }
    case data_format::text: {
      if (data.type != kind::string) {
        return invalid(
            fmt::format("{} must be a string (its format is text), not {}; send JSON "
                        "documents with the format \"json\"",
                        where, kind_name(data.type)));
      }
      std::string text = json_scan::string_content(data);
      return std::optional<byte_buffer>(byte_buffer(text.begin(), text.end()));
    }
    case data_format::base64: {
      if (data.type != kind::string) {
        return invalid(fmt::format("{} must be a base64 string (its format is base64), not {}",
                                   where, kind_name(data.type)));
      }
      auto decoded = decode_base64(json_scan::string_content(data));
      if (!decoded) {
        return invalid(
            fmt::format("{} is not standard padded base64 (RFC 4648, no whitespace)", where));
      }
      return std::optional<byte_buffer>(std::move(*decoded));
    }
  }
  return invalid(where + ": unknown format");
}

result<model::record_header> header_of(std::string name, const json_scan::value& value,
                                       data_format format, const std::string& where) {
  if (value.type != kind::string && value.type != kind::null) {
    return invalid(
        fmt::format("{} must be a string or null, not {}", where, kind_name(value.type)));
  }
  if (format == data_format::json) format = data_format::text;
  auto bytes = data_bytes(value, format, where);
  if (!bytes) return bytes.error_value();
  model::record_header header;
  header.key = std::move(name);
  header.value = std::move(*bytes);
  return header;
}

// Calls `member(name, value)` for each member of the object at the cursor.
template <typename F>
status for_each_member(json_scan::cursor& in, F&& member) {
  in.consume('{');
  if (in.consume('}')) return ok_status();
  do {
    std::string name = json_scan::string_content(in.next());
    in.consume(':');
    EVENTIOZ_RETURN_IF_ERROR(member(name, in));
  } while (in.consume(','));
  in.consume('}');
  return ok_status();
}

result<std::vector<model::record_header>> parse_headers(json_scan::cursor& in,
                                                        const std::string& where) {
  std::vector<model::record_header> out;
  char first = in.peek();
  if (first == '{') {
    EVENTIOZ_RETURN_IF_ERROR(
        for_each_member(in, [&](const std::string& name, json_scan::cursor& at) -> status {
          EVENTIOZ_TRY(auto header, header_of(name, at.next(), data_format::text,
                                              fmt::format("{}.{}", where, name)));
          out.push_back(std::move(header));
          return ok_status();
        }));
    return out;
  }
  if (first != '[') {
    json_scan::value other = in.next();
    if (other.type == kind::null) return out;
    return invalid(
        fmt::format("{} must be an object of string values or an array of "
                    "{{\"key\", \"value\"}} objects",
                    where));
  }
  in.consume('[');
  if (in.consume(']')) return out;
  size_t index = 0;
  do {
    std::string at = fmt::format("{}[{}]", where, index++);
    if (in.peek() != '{') {
      return invalid(
          fmt::format("{} must be an object {{\"key\": \"name\", \"value\": \"v\"}}", at));
    }
    std::optional<std::string> key;
    json_scan::value value;
    data_format format = data_format::text;
    EVENTIOZ_RETURN_IF_ERROR(
        for_each_member(in, [&](const std::string& name, json_scan::cursor& member) -> status {
          json_scan::value found = member.next();
          if (name == "key") {
            if (found.type != kind::string) {
              return invalid(fmt::format("{}.key must be a string (the header's name)", at));
            }
            key = json_scan::string_content(found);
          } else if (name == "value") {
            value = found;
          } else if (name == "value_format") {
            EVENTIOZ_TRY(format, format_of(found, at + ".value_format"));
          } else {
            return invalid(
                fmt::format("{} has an unknown member \"{}\" (known: key, value, "
                            "value_format)",
                            at, name));
          }
          return ok_status();
        }));
    if (!key) return invalid(fmt::format("{}.key must be a string (the header's name)", at));
    EVENTIOZ_TRY(auto header, header_of(std::move(*key), value, format, at + ".value"));
    out.push_back(std::move(header));
  } while (in.consume(','));
  in.consume(']');
  return out;
}

// A record's members as sent; the key and value become bytes once the request's default
// formats are known (they may come after the records).
struct record_members {
  std::optional<json_scan::value> key, value;
  std::optional<data_format> key_format, value_format;
};

result<produce_record> parse_record(json_scan::cursor& in, size_t index, record_members& members) {
  std::string where = fmt::format("records[{}]", index);
  if (in.peek() != '{') {
    return invalid(fmt::format("{} must be an object such as {{\"value\": ...}}", where));
  }
  produce_record out;
  EVENTIOZ_RETURN_IF_ERROR(
      for_each_member(in, [&](const std::string& name, json_scan::cursor& at) -> status {
        if (name == "headers") {
          EVENTIOZ_TRY(out.record.headers, parse_headers(at, where + ".headers"));
          return ok_status();
        }
        json_scan::value found = at.next();
        if (name == "key") {
          members.key = found;
        } else if (name == "value") {
          members.value = found;
        } else if (name == "key_format") {
          EVENTIOZ_TRY(members.key_format, format_of(found, where + ".key_format"));
        } else if (name == "value_format") {
          EVENTIOZ_TRY(members.value_format, format_of(found, where + ".value_format"));
        } else if (name == "partition") {
          EVENTIOZ_TRY(
              auto partition,
              integer_of(found, INT32_MAX,
                         where + ".partition must be a partition number (an integer >= 0)"));
          out.partition =
              partition ? std::optional<int32_t>(static_cast<int32_t>(*partition)) : std::nullopt;
        } else if (name == "timestamp") {
          EVENTIOZ_TRY(out.timestamp,
                       integer_of(found, timestamp_max,
                                  fmt::format("{}.timestamp must be milliseconds since the epoch "
                                              "(an integer from 0 to {})",
                                              where, timestamp_max)));
        } else {
          return invalid(
              fmt::format("{} has an unknown member \"{}\" (known: key, value, "
                          "headers, partition, timestamp, key_format, value_format)",
                          where, name));
        }
        return ok_status();
      }));
  return out;
}

}  // namespace

result<produce_request> parse_produce_request(std::string_view body, size_t records_max) {
  EVENTIOZ_RETURN_IF_ERROR(check_json_body(body, {"records", "key_format", "value_format"}));
  json_scan::cursor in(body);
  if (in.peek() != '{') return invalid("the body must be a JSON object {\"records\": [...]}");
  std::optional<data_format> key_default, value_default;
  bool has_records = false;
  produce_request out;
  std::vector<record_members> members;
  EVENTIOZ_RETURN_IF_ERROR(
      for_each_member(in, [&](const std::string& name, json_scan::cursor& at) -> status {
        if (name == "key_format") {
          EVENTIOZ_TRY(key_default, format_of(at.next(), "key_format"));
        } else if (name == "value_format") {
          EVENTIOZ_TRY(value_default, format_of(at.next(), "value_format"));
        } else if (name == "records") {
          if (at.peek() != '[') {
            at.next();
            return ok_status();  // refused below as "not an array"
          }
          has_records = true;
          out.records.clear();
          members.clear();
          at.consume('[');
          if (at.consume(']')) return ok_status();
          do {
            if (out.records.size() == records_max) {
              return error(make_error_code(errc::too_many_records),
                           fmt::format("more than {} records in one request; send at most {} "
                                       "per request",
                                       records_max, records_max));
            }
            members.emplace_back();
            EVENTIOZ_TRY(auto record, parse_record(at, out.records.size(), members.back()));
            out.records.push_back(std::move(record));
          } while (at.consume(','));
          at.consume(']');
        } else {
          return invalid(
              fmt::format("unknown member \"{}\" (known: records, key_format, "
                          "value_format)",
                          name));
        }
        return ok_status();
      }));
  if (!has_records || out.records.empty()) {
    return invalid(
        "records must be a non-empty array of records, e.g. "
        "{\"records\": [{\"value\": {\"id\": 1}}]}");
  }
  for (size_t i = 0; i < out.records.size(); ++i) {
    const record_members& record = members[i];
    std::string where = fmt::format("records[{}]", i);
    if (record.key) {
      EVENTIOZ_TRY(out.records[i].record.key,
                   data_bytes(*record.key,
                              record.key_format.value_or(key_default.value_or(data_format::text)),
                              where + ".key"));
    }
    if (record.value) {
      EVENTIOZ_TRY(
          out.records[i].record.value,
          data_bytes(*record.value,
                     record.value_format.value_or(value_default.value_or(data_format::json)),
                     where + ".value"));
    }
  }
  return out;
}

result<std::vector<int32_t>> assign_partitions(const produce_request& request,
                                               int32_t partition_count, int32_t unkeyed_partition) {
  std::vector<int32_t> partitions;
  partitions.reserve(request.records.size());
  for (size_t i = 0; i < request.records.size(); ++i) {
    const produce_record& record = request.records[i];
    if (record.partition) {
      if (*record.partition >= partition_count) {
        return error(make_error_code(errc::unknown_partition),
                     fmt::format("records[{}].partition is {}, but the topic has {} partition{} "
                                 "(0 to {})",
                                 i, *record.partition, partition_count,
                                 partition_count == 1 ? "" : "s", partition_count - 1));
      }
      partitions.push_back(*record.partition);
    } else if (record.record.key) {
      partitions.push_back(model::partition_for_key(*record.record.key, partition_count));
    } else {
      partitions.push_back(unkeyed_partition);
    }
  }
  return partitions;
}

result<std::vector<partition_batch>> build_partition_batches(produce_request& request,
                                                             const std::vector<int32_t>& partitions,
                                                             int64_t now_ms) {
  std::map<int32_t, std::vector<size_t>> by_partition;
  for (size_t i = 0; i < partitions.size(); ++i) by_partition[partitions[i]].push_back(i);
  std::vector<partition_batch> batches;
  batches.reserve(by_partition.size());
  std::vector<model::record_to_write> records;
  for (auto& [partition, indices] : by_partition) {
    records.clear();
    records.reserve(indices.size());
    for (size_t index : indices) {
      produce_record& source = request.records[index];
      model::record_to_write record = std::move(source.record);
      record.timestamp = source.timestamp.value_or(now_ms);
      records.push_back(std::move(record));
    }
    EVENTIOZ_TRY(auto batch, model::build_batch(records, {}));
    batches.push_back(
        {.partition = partition, .record_indices = std::move(indices), .batch = std::move(batch)});
  }
  return batches;
}

}  // namespace eventioz::http
