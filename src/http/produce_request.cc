// Parsing, partitioning and batching of HTTP produce requests (produce_request.h).
#include "http/produce_request.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "http/base64.h"
#include "http/errc.h"
#include "http/record_json.h"
#include "http/request_json.h"
#include "model/murmur2.h"

namespace eventioz::http {
namespace {

using json = nlohmann::json;

// Timestamps beyond this (year ~2286) are surely a unit mistake (seconds vs ms is the other
// way round, but microseconds are common).
constexpr int64_t timestamp_max = 9'999'999'999'999;

error invalid(std::string message) {
  return error(make_error_code(errc::invalid_request), std::move(message));
}

result<data_format> format_member(const json& object, const char* name, data_format fallback,
                                  const std::string& where) {
  auto found = object.find(name);
  if (found == object.end()) return fallback;
  if (!found->is_string()) {
    return invalid(fmt::format("{}{} must be \"json\", \"text\" or \"base64\"", where, name));
  }
  auto format = parse_data_format(found->get_ref<const std::string&>(), where + name);
  if (!format) return invalid(format.error_value().message());
  return *format;
}

// The bytes of a key, value or header value sent in `format`; nullopt for JSON null.
result<std::optional<byte_buffer>> data_bytes(const json& data, data_format format,
                                              const std::string& where) {
  if (data.is_null()) return std::optional<byte_buffer>();
  switch (format) {
    case data_format::json: {
      std::string text = data.dump();
      return std::optional<byte_buffer>(byte_buffer(text.begin(), text.end()));
    }
    case data_format::text: {
      if (!data.is_string()) {
        return invalid(
            fmt::format("{} must be a string (its format is text); send JSON "
                        "documents with the format \"json\"",
                        where));
      }
      const auto& text = data.get_ref<const std::string&>();
      return std::optional<byte_buffer>(byte_buffer(text.begin(), text.end()));
    }
    case data_format::base64: {
      if (!data.is_string()) {
        return invalid(fmt::format("{} must be a base64 string (its format is base64)", where));
      }
      auto decoded = decode_base64(data.get_ref<const std::string&>());
      if (!decoded) {
        return invalid(
            fmt::format("{} is not standard padded base64 (RFC 4648, no whitespace)", where));
      }
      return std::optional<byte_buffer>(std::move(*decoded));
    }
  }
  return invalid(where + ": unknown format");
}

result<model::record_header> header_from_pair(const std::string& name, const json& value,
                                              data_format format, const std::string& where) {
  if (!value.is_string() && !value.is_null()) {
    return invalid(fmt::format("{} must be a string or null", where));
  }
  if (format == data_format::json) format = data_format::text;
  EVENTIOZ_TRY(auto bytes, data_bytes(value, format, where));
  return model::record_header{.key = name, .value = std::move(bytes)};
}

result<std::vector<model::record_header>> parse_headers(const json& headers,
                                                        const std::string& where) {
  std::vector<model::record_header> out;
  if (headers.is_null()) return out;
  if (headers.is_object()) {
    for (const auto& [name, value] : headers.items()) {
      EVENTIOZ_TRY(auto header, header_from_pair(name, value, data_format::text,
                                                 fmt::format("{}.{}", where, name)));
      out.push_back(std::move(header));
    }
    return out;
  }
  if (!headers.is_array()) {
    return invalid(
        fmt::format("{} must be an object of string values or an array of "
                    "{{\"key\", \"value\"}} objects",
                    where));
  }
  for (size_t i = 0; i < headers.size(); ++i) {
    const json& entry = headers[i];
    std::string at = fmt::format("{}[{}]", where, i);
    if (!entry.is_object()) {
      return invalid(
          fmt::format("{} must be an object {{\"key\": \"name\", \"value\": \"v\"}}", at));
    }
    for (const auto& [name, ignored] : entry.items()) {
      if (name != "key" && name != "value" && name != "value_format") {
        return invalid(
            fmt::format("{} has an unknown member \"{}\" (known: key, value, "
                        "value_format)",
                        at, name));
      }
    }
    auto key = entry.find("key");
    if (key == entry.end() || !key->is_string()) {
      return invalid(fmt::format("{}.key must be a string (the header's name)", at));
    }
    EVENTIOZ_TRY(auto format, format_member(entry, "value_format", data_format::text, at + "."));
    auto value = entry.find("value");
    EVENTIOZ_TRY(auto header,
                 header_from_pair(key->get<std::string>(), value == entry.end() ? json() : *value,
                                  format, at + ".value"));
    out.push_back(std::move(header));
  }
  return out;
}

result<produce_record> parse_record(const json& entry, size_t index, data_format key_default,
                                    data_format value_default) {
  std::string where = fmt::format("records[{}]", index);
  if (!entry.is_object()) {
    return invalid(fmt::format("{} must be an object such as {{\"value\": ...}}", where));
  }
  for (const auto& [name, ignored] : entry.items()) {
    static constexpr std::string_view known[] = {
        "key", "value", "headers", "partition", "timestamp", "key_format", "value_format"};
    if (std::find(std::begin(known), std::end(known), name) == std::end(known)) {
      return invalid(
          fmt::format("{} has an unknown member \"{}\" (known: key, value, headers, "
                      "partition, timestamp, key_format, value_format)",
                      where, name));
    }
  }
  produce_record out;
  EVENTIOZ_TRY(auto key_format, format_member(entry, "key_format", key_default, where + "."));
  EVENTIOZ_TRY(auto value_format, format_member(entry, "value_format", value_default, where + "."));
  if (auto key = entry.find("key"); key != entry.end()) {
    EVENTIOZ_TRY(out.record.key, data_bytes(*key, key_format, where + ".key"));
  }
  if (auto value = entry.find("value"); value != entry.end()) {
    EVENTIOZ_TRY(out.record.value, data_bytes(*value, value_format, where + ".value"));
  }
  if (auto headers = entry.find("headers"); headers != entry.end()) {
    EVENTIOZ_TRY(out.record.headers, parse_headers(*headers, where + ".headers"));
  }
  if (auto partition = entry.find("partition"); partition != entry.end() && !partition->is_null()) {
    if (!partition->is_number_integer() || partition->get<int64_t>() < 0 ||
        partition->get<int64_t>() > INT32_MAX) {
      return invalid(
          fmt::format("{}.partition must be a partition number (an integer >= 0)", where));
    }
    out.partition = static_cast<int32_t>(partition->get<int64_t>());
  }
  if (auto timestamp = entry.find("timestamp"); timestamp != entry.end() && !timestamp->is_null()) {
    if (!timestamp->is_number_integer() || timestamp->get<int64_t>() < 0 ||
        timestamp->get<int64_t>() > timestamp_max) {
      return invalid(
          fmt::format("{}.timestamp must be milliseconds since the epoch (an integer "
                      "from 0 to {})",
                      where, timestamp_max));
    }
    out.timestamp = timestamp->get<int64_t>();
  }
  return out;
}

}  // namespace

result<produce_request> parse_produce_request(std::string_view body, size_t records_max) {
  EVENTIOZ_RETURN_IF_ERROR(check_json_depth(body));
  json document;
  try {
    document = json::parse(body);
  } catch (const json::parse_error& failure) {
    return error(make_error_code(errc::bad_json),
                 fmt::format("the body is not JSON: {} (byte {})", failure.what(), failure.byte));
  }
  if (!document.is_object()) {
    return invalid("the body must be a JSON object {\"records\": [...]}");
  }
  for (const auto& [name, ignored] : document.items()) {
    if (name != "records" && name != "key_format" && name != "value_format") {
      return invalid(
          fmt::format("unknown member \"{}\" (known: records, key_format, "
                      "value_format)",
                      name));
    }
  }
  EVENTIOZ_TRY(auto key_default, format_member(document, "key_format", data_format::text, ""));
  EVENTIOZ_TRY(auto value_default, format_member(document, "value_format", data_format::json, ""));
  auto records = document.find("records");
  if (records == document.end() || !records->is_array() || records->empty()) {
    return invalid(
        "records must be a non-empty array of records, e.g. "
        "{\"records\": [{\"value\": {\"id\": 1}}]}");
  }
  if (records->size() > records_max) {
    return error(make_error_code(errc::too_many_records),
                 fmt::format("{} records in one request; send at most {} per request",
                             records->size(), records_max));
  }
  produce_request out;
  out.records.reserve(records->size());
  for (size_t i = 0; i < records->size(); ++i) {
    EVENTIOZ_TRY(auto record, parse_record((*records)[i], i, key_default, value_default));
    out.records.push_back(std::move(record));
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
