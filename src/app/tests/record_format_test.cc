#include "app/record_format.h"

#include <gtest/gtest.h>

#include "app/json_text.h"

namespace eventioz::app {
namespace {

byte_buffer bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

client::consumed_record sample() {
  client::consumed_record consumed;
  consumed.topic = "orders";
  consumed.partition = 2;
  consumed.record.record_offset = offset(41);
  consumed.record.timestamp = 1'700'000'000'123;
  consumed.record.key = bytes_of("k1");
  consumed.record.value = bytes_of("hello \"world\"");
  consumed.record.headers.push_back({"trace", bytes_of("abc")});
  consumed.record.headers.push_back({"empty", std::nullopt});
  return consumed;
}

TEST(record_format, value_and_kv) {
  EXPECT_EQ(format_record(sample(), record_format::value, ":"), "hello \"world\"\n");
  EXPECT_EQ(format_record(sample(), record_format::kv, "\t"), "k1\thello \"world\"\n");
  auto keyless = sample();
  keyless.record.key.reset();
  EXPECT_EQ(format_record(keyless, record_format::kv, ":"), ":hello \"world\"\n");
}

TEST(record_format, json_has_every_field) {
  EXPECT_EQ(format_record(sample(), record_format::json, ":"),
            "{\"topic\":\"orders\",\"partition\":2,\"offset\":41,\"timestamp\":1700000000123,"
            "\"key\":\"k1\",\"value\":\"hello \\\"world\\\"\",\"headers\":[{\"key\":\"trace\","
            "\"value\":\"abc\"},{\"key\":\"empty\",\"value\":null}]}\n");
  auto tombstone = sample();
  tombstone.record.key.reset();
  tombstone.record.value.reset();
  tombstone.record.headers.clear();
  EXPECT_NE(format_record(tombstone, record_format::json, ":")
                .find("\"key\":null,\"value\":null,\"headers\":[]"),
            std::string::npos);
}

TEST(record_format, parses_names) {
  EXPECT_EQ(*parse_record_format("json"), record_format::json);
  auto refused = parse_record_format("xml");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error_value().message().find("value, kv or json"), std::string::npos);
}

TEST(json_text, escapes_controls_and_keeps_utf8) {
  EXPECT_EQ(json_string("a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
  EXPECT_EQ(json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
}

TEST(json_text, bytes_that_are_not_utf8_become_latin1_characters) {
  EXPECT_EQ(json_string("\xff\xfe"), "\"\\u00ff\\u00fe\"");
  EXPECT_EQ(json_string("\xc3"), "\"\\u00c3\"");                        // truncated sequence
  EXPECT_EQ(json_string("\xc0\xaf"), "\"\\u00c0\\u00af\"");             // overlong '/'
  EXPECT_EQ(json_string("\xed\xa0\x80"), "\"\\u00ed\\u00a0\\u0080\"");  // a surrogate
}

}  // namespace
}  // namespace eventioz::app
