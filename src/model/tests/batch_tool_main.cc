// model_batch_tool: a test-only command that reads and writes record batch files, so an
// independent implementation (kafka-python, in tests/model/) can check our bytes and we can
// check theirs.
//
//   model_batch_tool read BATCH_FILE
//       One JSON line per batch ({"batch": {...}}), each followed by one per record. Bytes are
//       hex strings, null is null.
//   model_batch_tool write CODEC RECORDS_FILE BATCH_FILE
//       Builds one batch from RECORDS_FILE, one record per line:
//         TIMESTAMP KEY VALUE [HEADER_KEY:HEADER_VALUE]...
//       where each field is "-" for null or "x" followed by hex ("x" alone is empty).
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "model/record_batch.h"

namespace {

using namespace eventioz;

constexpr size_t decompressed_size_max = 256 << 20;

std::string hex(byte_span bytes) {
  std::string text;
  for (uint8_t byte : bytes) text += fmt::format("{:02x}", byte);
  return text;
}

std::string json_bytes(const std::optional<byte_buffer>& bytes) {
  return bytes ? "\"" + hex(*bytes) + "\"" : "null";
}

std::optional<std::optional<byte_buffer>> parse_field(const std::string& field) {
  if (field == "-") return std::optional<byte_buffer>();
  if (field.empty() || field[0] != 'x' || field.size() % 2 == 0) return std::nullopt;
  byte_buffer bytes;
  for (size_t at = 1; at < field.size(); at += 2) {
    bytes.push_back(static_cast<uint8_t>(std::stoi(field.substr(at, 2), nullptr, 16)));
  }
  return std::optional<byte_buffer>(std::move(bytes));
}

int fail(const std::string& message) {
  std::cerr << "model_batch_tool: " << message << "\n";
  return 1;
}

void print_batch(const model::record_batch_header& header,
                 const std::vector<model::record>& records) {
  fmt::print(
      "{{\"batch\": {{\"base_offset\": {}, \"last_offset_delta\": {}, \"record_count\": {}, "
      "\"codec\": \"{}\", \"crc\": {}, \"attributes\": {}, \"base_timestamp\": {}, "
      "\"max_timestamp\": {}, \"producer_id\": {}, \"producer_epoch\": {}, "
      "\"base_sequence\": {}}}}}\n",
      header.base_offset, header.last_offset_delta, header.record_count,
      model::compression_name(header.codec()), header.crc, header.attributes, header.base_timestamp,
      header.max_timestamp, header.producer_id, header.producer_epoch, header.base_sequence);
  for (const model::record& record : records) {
    std::string headers;
    for (const model::record_header& one : record.headers) {
      if (!headers.empty()) headers += ", ";
      headers += fmt::format("[\"{}\", {}]", hex(as_bytes(one.key)), json_bytes(one.value));
    }
    fmt::print(
        "{{\"offset\": {}, \"timestamp\": {}, \"key\": {}, \"value\": {}, "
        "\"headers\": [{}]}}\n",
        record.record_offset, record.timestamp, json_bytes(record.key), json_bytes(record.value),
        headers);
  }
}

int read_command(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return fail("cannot open " + path);
  byte_buffer bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  byte_span rest(bytes);
  while (!rest.empty()) {
    auto header = model::parse_batch_header(rest);
    if (!header) return fail(header.error_value().to_string());
    if (header->size_bytes() > rest.size()) return fail("the file ends inside a batch");
    byte_span batch = rest.first(header->size_bytes());
    auto records = model::read_records(batch, decompressed_size_max);
    if (!records) return fail(records.error_value().to_string());
    print_batch(*header, *records);
    rest = rest.subspan(batch.size());
  }
  return 0;
}

int write_command(const std::string& codec_name, const std::string& records_path,
                  const std::string& batch_path) {
  auto codec = model::parse_compression(codec_name);
  if (!codec) return fail(codec.error_value().to_string());
  std::ifstream input(records_path);
  if (!input) return fail("cannot open " + records_path);
  std::vector<model::record_to_write> records;
  std::string line;
  while (std::getline(input, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string key, value, header;
    model::record_to_write record;
    if (!(fields >> record.timestamp >> key >> value)) return fail("malformed line: " + line);
    auto parsed_key = parse_field(key);
    auto parsed_value = parse_field(value);
    if (!parsed_key || !parsed_value) return fail("malformed field in: " + line);
    record.key = *parsed_key;
    record.value = *parsed_value;
    while (fields >> header) {
      size_t colon = header.find(':');
      auto header_key = parse_field(header.substr(0, colon));
      auto header_value = parse_field(colon == std::string::npos ? "" : header.substr(colon + 1));
      if (!header_key || !*header_key || !header_value) return fail("malformed header: " + header);
      record.headers.push_back({std::string(as_string_view(**header_key)), *header_value});
    }
    records.push_back(std::move(record));
  }
  model::batch_options options;
  options.codec = *codec;
  auto batch = model::build_batch(records, options);
  if (!batch) return fail(batch.error_value().to_string());
  std::ofstream output(batch_path, std::ios::binary);
  output.write(reinterpret_cast<const char*>(batch->data()),
               static_cast<std::streamsize>(batch->size()));
  return output ? 0 : fail("cannot write " + batch_path);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "read") return read_command(args[1]);
  if (args.size() == 4 && args[0] == "write") return write_command(args[1], args[2], args[3]);
  return fail("usage: model_batch_tool read BATCH_FILE | write CODEC RECORDS_FILE BATCH_FILE");
}
