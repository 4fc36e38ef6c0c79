#include "log_test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace eventioz::storage::testing {

temporary_directory::temporary_directory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "eventioz-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  EVENTIOZ_ASSERT(made != nullptr, "mkdtemp {} failed", pattern);
  _path = made;
}

temporary_directory::~temporary_directory() {
  std::error_code ignored;
  std::filesystem::remove_all(_path, ignored);
}

byte_buffer make_batch(const batch_spec& spec) {
  std::vector<model::record_to_write> records;
  for (int i = 0; i < spec.record_count; ++i) {
    model::record_to_write record;
    std::string key = spec.key_prefix + std::to_string(i);
    record.key = byte_buffer(key.begin(), key.end());
    record.value = byte_buffer(spec.value_size, static_cast<uint8_t>(i));
    record.timestamp = spec.timestamp + i;
    records.push_back(std::move(record));
  }
  model::batch_options options;
  options.codec = spec.codec;
  auto batch = model::build_batch(records, options);
  EVENTIOZ_ASSERT(batch.ok(), "make_batch: {}", batch.error_value().to_string());
  return std::move(batch).value();
}

byte_buffer make_keyed_batch(const std::string& key, std::optional<std::string> value,
                             int64_t timestamp) {
  model::record_to_write record;
  record.key = byte_buffer(key.begin(), key.end());
  if (value) record.value = byte_buffer(value->begin(), value->end());
  record.timestamp = timestamp;
  auto batch = model::build_batch({record}, {});
  EVENTIOZ_ASSERT(batch.ok(), "make_keyed_batch: {}", batch.error_value().to_string());
  return std::move(batch).value();
}

append_result append_durably(partition_log& log, byte_buffer batch) {
  auto appended = log.append(batch);
  EVENTIOZ_ASSERT(appended.ok(), "append: {}", appended.error_value().to_string());
  auto synced = log.sync();
  EVENTIOZ_ASSERT(synced.ok(), "sync: {}", synced.error_value().to_string());
  log.advance_committed(appended->last_offset + 1);
  return *appended;
}

std::vector<model::record> read_all_records(partition_log& log, offset start) {
  std::vector<model::record> all;
  offset next = start;
  while (next < log.committed_end_offset()) {
    auto bytes = log.read_verified({.start = next});
    EXPECT_TRUE(bytes.ok()) << bytes.error_value().to_string();
    if (!bytes.ok() || bytes->empty()) break;
    size_t position = 0;
    while (position < bytes->size()) {
      byte_span rest(bytes->data() + position, bytes->size() - position);
      auto header = model::parse_batch_header(rest);
      EVENTIOZ_ASSERT(header.ok(), "verified bytes do not parse");
      auto records = model::read_records(rest.first(header->size_bytes()), 64 << 20);
      EVENTIOZ_ASSERT(records.ok(), "read_records: {}", records.error_value().to_string());
      for (auto& record : *records) {
        if (record.record_offset >= start) all.push_back(std::move(record));
      }
      next = header->last_offset() + 1;
      position += header->size_bytes();
    }
  }
  return all;
}

}  // namespace eventioz::storage::testing
