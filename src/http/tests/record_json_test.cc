// Records rendered as JSON: the format chosen for each kind of bytes, escaping, base64.
#include "http/record_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/base64.h"

namespace eventioz::http {
namespace {

byte_buffer bytes_of(std::string_view text) { return byte_buffer(text.begin(), text.end()); }

nlohmann::json render(const model::record& record) {
  std::string out;
  append_record_json(out, "orders", 3, record);
  return nlohmann::json::parse(out);  // throws (fails the test) if the output is not JSON
}

TEST(record_json, json_values_are_embedded_as_documents) {
  model::record record{.record_offset = offset(42),
                       .timestamp = 1732480000000,
                       .key = bytes_of("customer-7"),
                       .value = bytes_of(R"({"total": 12.5, "items": [1, 2]})")};
  auto json = render(record);
  EXPECT_EQ(json["topic"], "orders");
  EXPECT_EQ(json["partition"], 3);
  EXPECT_EQ(json["offset"], 42);
  EXPECT_EQ(json["timestamp"], 1732480000000);
  EXPECT_EQ(json["key"], "customer-7");
  EXPECT_EQ(json["key_format"], "text");
  EXPECT_EQ(json["value"]["total"], 12.5);
  EXPECT_EQ(json["value_format"], "json");
}

TEST(record_json, text_is_escaped_and_binary_is_base64) {
  model::record record{.record_offset = offset(0),
                       .key = byte_buffer{0xff, 0x00, 0x10},
                       .value = bytes_of("line \"one\"\n\ttab \x01 é")};
  record.headers.push_back({.key = "ce_type", .value = bytes_of("order.created")});
  record.headers.push_back({.key = "raw", .value = byte_buffer{0xc3, 0x28}});
  record.headers.push_back({.key = "none", .value = std::nullopt});
  auto json = render(record);
  EXPECT_EQ(json["key_format"], "base64");
  EXPECT_EQ(json["key"], "/wAQ");
  EXPECT_EQ(json["value_format"], "text");
  EXPECT_EQ(json["value"], "line \"one\"\n\ttab \x01 é");
  EXPECT_EQ(json["headers"][0]["key"], "ce_type");
  EXPECT_EQ(json["headers"][0]["value"], "order.created");
  EXPECT_EQ(json["headers"][1]["value_format"], "base64");
  EXPECT_EQ(json["headers"][1]["value"], "wyg=");
  EXPECT_TRUE(json["headers"][2]["value"].is_null());
}

TEST(record_json, null_key_and_tombstone) {
  auto json = render(model::record{.record_offset = offset(1)});
  EXPECT_TRUE(json["key"].is_null());
  EXPECT_EQ(json["key_format"], "null");
  EXPECT_TRUE(json["value"].is_null());
  EXPECT_EQ(json["value_format"], "null");
}

TEST(record_json, utf8_validation_refuses_overlong_and_surrogates) {
  EXPECT_TRUE(is_valid_utf8(bytes_of("plain é € 𝄞")));
  EXPECT_FALSE(is_valid_utf8(byte_buffer{0xc0, 0xaf}));              // overlong '/'
  EXPECT_FALSE(is_valid_utf8(byte_buffer{0xed, 0xa0, 0x80}));        // a surrogate
  EXPECT_FALSE(is_valid_utf8(byte_buffer{0xe2, 0x82}));              // cut short
  EXPECT_FALSE(is_valid_utf8(byte_buffer{0xf4, 0x90, 0x80, 0x80}));  // past U+10FFFF
}

TEST(base64, round_trips_every_length_and_refuses_bad_input) {
  for (size_t length = 0; length < 20; ++length) {
    byte_buffer data;
    for (size_t i = 0; i < length; ++i) data.push_back(static_cast<uint8_t>(i * 37 + 1));
    std::string encoded;
    append_base64(encoded, data);
    auto decoded = decode_base64(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, data);
  }
  std::string encoded;
  append_base64(encoded, bytes_of("hello"));
  EXPECT_EQ(encoded, "aGVsbG8=");
  EXPECT_FALSE(decode_base64("aGVsbG8"));    // unpadded
  EXPECT_FALSE(decode_base64("aGV sbG8="));  // space
  EXPECT_FALSE(decode_base64("a=Vs"));       // padding in the middle
  EXPECT_FALSE(decode_base64("aGVsbG8*"));   // not in the alphabet
}

}  // namespace
}  // namespace eventioz::http
