// Produce requests: formats, header shapes, the checks that refuse a request before anything is
// written, Kafka's key partitioning, one batch per partition.
#include "http/produce_request.h"

#include <gtest/gtest.h>

#include "http/errc.h"
#include "model/murmur2.h"

namespace eventioz::http {
namespace {

std::string text_of(const std::optional<byte_buffer>& bytes) {
  return bytes ? std::string(bytes->begin(), bytes->end()) : "<null>";
}

TEST(produce_request, reads_values_keys_and_headers_in_each_format) {
  auto parsed = parse_produce_request(R"({"records": [
      {"key": "k1", "value": {"total": 12.5}, "headers": {"ce_type": "order.created"}},
      {"key": {"id": 7}, "key_format": "json", "value": "aGVsbG8=", "value_format": "base64",
       "headers": [{"key": "raw", "value": "AAE=", "value_format": "base64"},
                   {"key": "none", "value": null}]},
      {"value": "plain", "partition": 2, "timestamp": 1732480000000},
      {"value": null}],
     "value_format": "json"})");
  ASSERT_TRUE(parsed.ok()) << parsed.error_value();
  const auto& records = parsed->records;
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(text_of(records[0].record.key), "k1");
  EXPECT_EQ(text_of(records[0].record.value), R"({"total":12.5})");
  ASSERT_EQ(records[0].record.headers.size(), 1u);
  EXPECT_EQ(records[0].record.headers[0].key, "ce_type");
  EXPECT_EQ(text_of(records[0].record.headers[0].value), "order.created");
  EXPECT_EQ(text_of(records[1].record.key), R"({"id":7})");
  EXPECT_EQ(text_of(records[1].record.value), "hello");
  EXPECT_EQ(*records[1].record.headers[0].value, (byte_buffer{0, 1}));
  EXPECT_FALSE(records[1].record.headers[1].value.has_value());
  EXPECT_EQ(text_of(records[2].record.value), "\"plain\"");  // a JSON string, stored as JSON
  EXPECT_EQ(records[2].partition, 2);
  EXPECT_EQ(records[2].timestamp, 1732480000000);
  EXPECT_FALSE(records[3].record.value.has_value());  // a tombstone
  EXPECT_FALSE(records[3].record.key.has_value());
}

std::error_code code_of(std::string_view body, size_t records_max = produce_records_max) {
  auto parsed = parse_produce_request(body, records_max);
  return parsed ? std::error_code() : parsed.error_value().code();
}

std::string message_of(std::string_view body) {
  auto parsed = parse_produce_request(body);
  return parsed ? "" : parsed.error_value().message();
}

TEST(produce_request, refuses_bad_input_naming_what_is_wrong) {
  EXPECT_EQ(code_of("{\"records\": ["), errc::bad_json);
  EXPECT_NE(message_of("{\"records\": [").find("byte"), std::string::npos);
  EXPECT_EQ(code_of("[]"), errc::invalid_request);
  EXPECT_EQ(code_of(std::string(100'000, '[')), errc::bad_json);  // refused before parsing
  EXPECT_EQ(
      code_of(
          R"({"records": [{"value": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}]})"),
      std::error_code());  // brackets inside strings do not count
  // An escaped quote does not end the string; an escaped backslash before a quote does.
  std::string escaped =
      R"({"records": [{"value": "a\"b)" + std::string(100, '[') + R"(\\", "key": "k"}]})";
  EXPECT_EQ(code_of(escaped), std::error_code()) << message_of(escaped);
  EXPECT_EQ(code_of(R"({"records": [{"value": "\\"}, )" + std::string(100, '[')), errc::bad_json);
  EXPECT_EQ(code_of("{}"), errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": []})"), errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [1]})"), errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{"value": 1}], "extra": 1})"), errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{"valeu": 1}]})"), errc::invalid_request);
  EXPECT_NE(message_of(R"({"records": [{"value": 1}, {"valeu": 1}]})").find("records[1]"),
            std::string::npos);
  EXPECT_EQ(code_of(R"({"records": [{"value": 1, "value_format": "text"}]})"),
            errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{"value": "***", "value_format": "base64"}]})"),
            errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{"value": 1, "value_format": "xml"}]})"),
            errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{"key": 5}]})"), errc::invalid_request);  // text keys
  EXPECT_EQ(code_of(R"({"records": [{"partition": -1}]})"), errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{"partition": 1.5}]})"), errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{"timestamp": "now"}]})"), errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{"headers": "h"}]})"), errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{"headers": {"h": 1}}]})"), errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{"headers": [{"value": "v"}]}]})"), errc::invalid_request);
  EXPECT_EQ(code_of(R"({"records": [{}, {}, {}]})", 2), errc::too_many_records);
  EXPECT_EQ(code_of(R"({"records": [{}, {}]})", 2), std::error_code());
}

TEST(produce_request, partitions_keys_as_kafkas_default_partitioner) {
  auto parsed = parse_produce_request(
      R"({"records": [{"key": "a"}, {"key": "b"}, {"value": 1}, {"key": "a", "partition": 0},
                      {"key": ""}]})");
  ASSERT_TRUE(parsed.ok());
  auto partitions = assign_partitions(*parsed, 7, 3);
  ASSERT_TRUE(partitions.ok());
  EXPECT_EQ((*partitions)[0], model::partition_for_key(as_bytes("a"), 7));
  EXPECT_EQ((*partitions)[1], model::partition_for_key(as_bytes("b"), 7));
  EXPECT_EQ((*partitions)[2], 3);  // no key: the request's partition
  EXPECT_EQ((*partitions)[3], 0);  // explicit wins
  EXPECT_EQ((*partitions)[4], model::partition_for_key(as_bytes(""), 7));
  auto beyond = parse_produce_request(R"({"records": [{"partition": 7}]})");
  ASSERT_TRUE(beyond.ok());
  auto refused = assign_partitions(*beyond, 7, 0);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error_value().code(), errc::unknown_partition);
}

TEST(produce_request, builds_one_batch_per_partition_in_request_order) {
  auto parsed = parse_produce_request(
      R"({"records": [{"value": 0, "partition": 1}, {"value": 1, "partition": 0},
                      {"value": 2, "partition": 1, "timestamp": 5}]})");
  ASSERT_TRUE(parsed.ok());
  auto partitions = assign_partitions(*parsed, 2, 0);
  ASSERT_TRUE(partitions.ok());
  auto batches = build_partition_batches(*parsed, *partitions, 1000);
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 2u);
  EXPECT_EQ((*batches)[0].partition, 0);
  EXPECT_EQ((*batches)[0].record_indices, (std::vector<size_t>{1}));
  EXPECT_EQ((*batches)[1].partition, 1);
  EXPECT_EQ((*batches)[1].record_indices, (std::vector<size_t>{0, 2}));
  auto records = model::read_records((*batches)[1].batch, 1 << 20);
  ASSERT_TRUE(records.ok()) << records.error_value();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ(text_of((*records)[0].value), "0");
  EXPECT_EQ((*records)[0].timestamp, 1000);
  EXPECT_EQ(text_of((*records)[1].value), "2");
  EXPECT_EQ((*records)[1].timestamp, 5);
}

}  // namespace
}  // namespace eventioz::http
