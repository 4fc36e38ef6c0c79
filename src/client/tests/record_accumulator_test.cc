// Batching without a broker: when batches are sealed, what they hold, and that they decode.
#include "client/record_accumulator.h"

#include <gtest/gtest.h>

namespace eventioz::client {
namespace {

using namespace std::chrono_literals;

model::record_to_write record_of(std::string_view value, std::optional<std::string> key = {}) {
  model::record_to_write record;
  record.value = byte_buffer(value.begin(), value.end());
  if (key) record.key = byte_buffer(key->begin(), key->end());
  record.timestamp = 1'700'000'000'000;
  return record;
}

std::vector<model::record> decoded(const sealed_batch& batch) {
  EXPECT_FALSE(batch.failure.has_value());
  auto records = model::read_records(batch.bytes, 1 << 20);
  EXPECT_TRUE(records.ok()) << records.error_value().to_string();
  return std::move(records).value();
}

const client_clock::time_point start{};

TEST(record_accumulator, nothing_is_sealed_before_the_linger_ends) {
  record_accumulator accumulator({.batch_size_bytes = 1 << 20, .linger = 10ms});
  accumulator.append("t", 0, record_of("a"), {1, start});
  accumulator.append("t", 0, record_of("b"), {2, start + 4ms});
  accumulator.seal_due(start + 9ms, false);
  EXPECT_EQ(accumulator.sealed_batches(), 0u);
  EXPECT_EQ(accumulator.next_due(), start + 10ms);  // the first record's wait counts
  accumulator.seal_due(start + 10ms, false);
  auto batches = accumulator.take_sealed();
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_TRUE(accumulator.empty());
  EXPECT_EQ(accumulator.next_due(), std::nullopt);
  auto records = decoded(batches[0]);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].record_offset.value(), 1);
  EXPECT_EQ(batches[0].records[0].id, 1u);
  EXPECT_EQ(batches[0].records[1].id, 2u);
}

TEST(record_accumulator, a_full_batch_is_sealed_when_the_next_record_would_overflow_it) {
  record_accumulator accumulator({.batch_size_bytes = 300, .linger = 1h});
  std::string value(100, 'x');
  size_t size = record_accumulator::estimated_size(record_of(value));
  EXPECT_FALSE(accumulator.would_seal("t", 0, size));  // an empty batch takes anything
  int appended = 0;
  while (!accumulator.would_seal("t", 0, size)) {
    accumulator.append("t", 0, record_of(value), {static_cast<uint64_t>(appended++), start});
  }
  EXPECT_EQ(accumulator.sealed_batches(), 0u);
  accumulator.append("t", 0, record_of(value), {99, start});
  ASSERT_EQ(accumulator.sealed_batches(), 1u);
  auto batches = accumulator.take_sealed();
  EXPECT_EQ(decoded(batches[0]).size(), static_cast<size_t>(appended));
  EXPECT_LE(batches[0].bytes.size(), 300u);
  EXPECT_EQ(accumulator.open_batches(), 1u);  // the record that overflowed starts the next
}

TEST(record_accumulator, a_record_larger_than_the_batch_size_gets_its_own_batch) {
  record_accumulator accumulator({.batch_size_bytes = 100, .linger = 1h});
  accumulator.append("t", 0, record_of(std::string(1000, 'y')), {1, start});
  accumulator.seal_due(start, true);
  auto batches = accumulator.take_sealed();
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(decoded(batches[0]).size(), 1u);
}

TEST(record_accumulator, partitions_and_topics_batch_separately) {
  record_accumulator accumulator({.batch_size_bytes = 1 << 20, .linger = 1h});
  accumulator.append("t", 0, record_of("a"), {1, start});
  accumulator.append("t", 1, record_of("b"), {2, start});
  accumulator.append("u", 0, record_of("c"), {3, start});
  accumulator.append("t", 0, record_of("d"), {4, start});
  EXPECT_EQ(accumulator.open_batches(), 3u);
  accumulator.seal_due(start, true);
  auto batches = accumulator.take_sealed();
  ASSERT_EQ(batches.size(), 3u);
  for (const sealed_batch& batch : batches) {
    if (batch.topic == "t" && batch.partition == 0) {
      auto records = decoded(batch);
      ASSERT_EQ(records.size(), 2u);
      EXPECT_EQ(as_string_view(*records[1].value), "d");
    } else {
      EXPECT_EQ(decoded(batch).size(), 1u);
    }
  }
}

TEST(record_accumulator, keys_headers_and_compression_survive) {
  for (auto codec : {model::compression::none, model::compression::gzip, model::compression::snappy,
                     model::compression::lz4, model::compression::zstd}) {
    record_accumulator accumulator({.batch_size_bytes = 1 << 20, .linger = 0ms, .codec = codec});
    auto record = record_of("value", "key");
    record.headers.push_back({"trace", byte_buffer{'x'}});
    record.headers.push_back({"empty", std::nullopt});
    accumulator.append("t", 0, std::move(record), {1, start});
    accumulator.seal_due(start, false);  // a zero linger is due at once
    auto batches = accumulator.take_sealed();
    ASSERT_EQ(batches.size(), 1u);
    auto header = model::parse_batch_header(batches[0].bytes);
    ASSERT_TRUE(header.ok());
    EXPECT_EQ(header->codec(), codec);
    auto records = decoded(batches[0]);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(as_string_view(*records[0].key), "key");
    ASSERT_EQ(records[0].headers.size(), 2u);
    EXPECT_EQ(records[0].headers[0].key, "trace");
    EXPECT_FALSE(records[0].headers[1].value.has_value());
    EXPECT_EQ(records[0].timestamp, 1'700'000'000'000);
  }
}

}  // namespace
}  // namespace eventioz::client
