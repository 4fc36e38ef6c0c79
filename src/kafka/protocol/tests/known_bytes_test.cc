// Requests and responses written out byte by byte from the layouts of Kafka's protocol guide
// (request header v1/v2, response header v0/v1, ApiVersions v0-v3), so the codecs are checked
// against the protocol rather than against themselves: each is decoded, and encoding the
// decoded message gives the same bytes.
#include <gtest/gtest.h>

#include "kafka/protocol/api_registry.h"
#include "kafka/protocol/messages.h"
#include "kafka/protocol/tests/protocol_test_support.h"

namespace eventioz::kafka::protocol {
namespace {

// ApiVersions v0 as kafka-python sends it first: header v1, empty body.
const byte_buffer api_versions_v0_request = concat({
    {0x00, 0x12},              // api_key 18
    {0x00, 0x00},              // api_version 0
    {0x00, 0x00, 0x00, 0x01},  // correlation_id 1
    {0x00, 0x0c},              // client_id: int16 length 12, ...
    text("kafka-python"),      // ... its bytes
});

// ApiVersions v3 as librdkafka sends it: header v2 (client_id still an int16-length string,
// then tagged fields), body with compact strings and tagged fields.
const byte_buffer api_versions_v3_request = concat({
    {0x00, 0x12},              // api_key 18
    {0x00, 0x03},              // api_version 3
    {0x00, 0x00, 0x00, 0x07},  // correlation_id 7
    {0x00, 0x07},              // client_id: int16 length 7 (not compact in v2), ...
    text("rdkafka"),           // ... its bytes
    {0x00},                    // header: no tagged fields
    {0x0b},                    // client_software_name: compact length 10 + 1, ...
    text("librdkafka"),        // ... its bytes
    {0x06},                    // client_software_version: compact length 5 + 1, ...
    text("2.0.2"),             // ... its bytes
    {0x00},                    // body: no tagged fields
});

TEST(known_bytes, api_versions_v0_request_with_header_v1) {
  ASSERT_EQ(request_header_version(18, 0), 1);
  byte_reader reader(api_versions_v0_request);
  request_header header;
  ASSERT_TRUE(header.decode(reader, 1).ok());
  EXPECT_EQ(header.api_key, 18);
  EXPECT_EQ(header.api_version, 0);
  EXPECT_EQ(header.correlation_id, 1);
  EXPECT_EQ(header.client_id, "kafka-python");
  api_versions_request body;
  ASSERT_TRUE(body.decode(reader, 0).ok());
  EXPECT_TRUE(reader.at_end());

  wire_writer writer;
  header.encode(writer, 1);
  body.encode(writer, 0);
  EXPECT_EQ(writer.take_bytes(), api_versions_v0_request);
}

TEST(known_bytes, api_versions_v3_request_with_header_v2) {
  ASSERT_EQ(request_header_version(18, 3), 2);
  byte_reader reader(api_versions_v3_request);
  request_header header;
  ASSERT_TRUE(header.decode(reader, 2).ok());
  EXPECT_EQ(header.correlation_id, 7);
  EXPECT_EQ(header.client_id, "rdkafka");
  api_versions_request body;
  ASSERT_TRUE(body.decode(reader, 3).ok());
  EXPECT_TRUE(reader.at_end());
  EXPECT_EQ(body.client_software_name, "librdkafka");
  EXPECT_EQ(body.client_software_version, "2.0.2");

  wire_writer writer;
  header.encode(writer, 2);
  body.encode(writer, 3);
  EXPECT_EQ(writer.take_bytes(), api_versions_v3_request);
}

TEST(known_bytes, request_header_v1_null_client_id) {
  const byte_buffer bytes = {0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x2a, 0xff, 0xff};
  request_header header;
  ASSERT_TRUE(decode_all(bytes, 1, header).ok());
  EXPECT_EQ(header.api_key, 3);
  EXPECT_EQ(header.correlation_id, 42);
  EXPECT_EQ(header.client_id, std::nullopt);
  EXPECT_EQ(encode_bytes(header, 1), bytes);
}

TEST(known_bytes, request_header_v0_has_no_client_id) {
  const byte_buffer bytes = {0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05};
  request_header header;
  ASSERT_TRUE(decode_all(bytes, 0, header).ok());
  EXPECT_EQ(header.api_key, 7);
  EXPECT_EQ(header.client_id, std::nullopt);
  EXPECT_EQ(encode_bytes(header, 0), bytes);
}

TEST(known_bytes, request_header_v2_skips_unknown_tagged_fields) {
  const byte_buffer bytes = concat({
      {0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x09},  // key 18, version 3, correlation 9
      {0x00, 0x01, 'c'},                                 // client_id "c"
      {0x02},                                            // two tagged fields:
      {0x05, 0x02, 0xab, 0xcd},                          // tag 5, size 2, value
      {0x7f, 0x00},                                      // tag 127, size 0
  });
  request_header header;
  ASSERT_TRUE(decode_all(bytes, 2, header).ok());
  EXPECT_EQ(header.correlation_id, 9);
  EXPECT_EQ(header.client_id, "c");
  // Unknown tags are not kept: encoding writes none.
  byte_buffer without_tags(bytes.begin(), bytes.begin() + 11);
  without_tags.push_back(0x00);
  EXPECT_EQ(encode_bytes(header, 2), without_tags);
}

TEST(known_bytes, response_header_v0_and_v1) {
  response_header header{.correlation_id = 0x01020304};
  EXPECT_EQ(encode_bytes(header, 0), (byte_buffer{0x01, 0x02, 0x03, 0x04}));
  EXPECT_EQ(encode_bytes(header, 1), (byte_buffer{0x01, 0x02, 0x03, 0x04, 0x00}));
  response_header decoded;
  ASSERT_TRUE(decode_all(byte_buffer{0x00, 0x00, 0x00, 0x05, 0x00}, 1, decoded).ok());
  EXPECT_EQ(decoded.correlation_id, 5);
}

api_versions_response one_api_response() {
  api_versions_response response;
  response.api_keys.push_back({.api_key = 18, .min_version = 0, .max_version = 3});
  return response;
}

TEST(known_bytes, api_versions_v0_and_v1_responses) {
  const byte_buffer v0 = {
      0x00, 0x00,                          // error_code 0
      0x00, 0x00, 0x00, 0x01,              // api_keys: int32 count 1
      0x00, 0x12, 0x00, 0x00, 0x00, 0x03,  // 18, 0, 3
  };
  EXPECT_EQ(encode_bytes(one_api_response(), 0), v0);
  byte_buffer v1 = concat({v0, {0x00, 0x00, 0x00, 0x00}});  // throttle_time_ms 0
  EXPECT_EQ(encode_bytes(one_api_response(), 1), v1);

  api_versions_response decoded;
  ASSERT_TRUE(decode_all(v0, 0, decoded).ok());
  ASSERT_EQ(decoded.api_keys.size(), 1u);
  EXPECT_EQ(decoded.api_keys[0].api_key, 18);
  EXPECT_EQ(decoded.api_keys[0].max_version, 3);
}

TEST(known_bytes, api_versions_v3_response_with_tagged_fields) {
  api_versions_response response = one_api_response();
  response.supported_features.push_back({.name = "x", .min_version = 1, .max_version = 2});
  response.finalized_features_epoch = 5;
  const byte_buffer v3 = concat({
      {0x00, 0x00},                                     // error_code 0
      {0x02},                                           // api_keys: compact count 1 + 1
      {0x00, 0x12, 0x00, 0x00, 0x00, 0x03, 0x00},       // 18, 0, 3, no tagged fields
      {0x00, 0x00, 0x00, 0x00},                         // throttle_time_ms 0
      {0x02},                                           // two tagged fields, by tag:
      {0x00, 0x08},                                     // tag 0 (supported_features), 8 bytes:
      {0x02, 0x02, 'x', 0x00, 0x01, 0x00, 0x02, 0x00},  // count 1 + 1, "x", 1, 2, no tags
      {0x01, 0x08},                                     // tag 1 (finalized_features_epoch)
      {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05},
  });
  EXPECT_EQ(encode_bytes(response, 3), v3) << hex(encode_bytes(response, 3));

  api_versions_response decoded;
  ASSERT_TRUE(decode_all(v3, 3, decoded).ok());
  EXPECT_EQ(decoded.finalized_features_epoch, 5);
  ASSERT_EQ(decoded.supported_features.size(), 1u);
  EXPECT_EQ(decoded.supported_features[0].name, "x");
  EXPECT_EQ(decoded.supported_features[0].max_version, 2);
  EXPECT_TRUE(decoded.finalized_features.empty());
}

TEST(known_bytes, api_versions_v3_response_without_tagged_fields_uses_the_defaults) {
  const byte_buffer v3 = {0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00};
  api_versions_response decoded;
  ASSERT_TRUE(decode_all(v3, 3, decoded).ok());
  EXPECT_EQ(decoded.finalized_features_epoch, -1);  // the schema's default
  EXPECT_EQ(encode_bytes(decoded, 3), v3);          // equal to defaults: not written
}

}  // namespace
}  // namespace eventioz::kafka::protocol
