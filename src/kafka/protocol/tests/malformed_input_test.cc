// Bytes a broken or hostile client could send: each is refused with malformed_message (or the
// version/key error), the error names the field, and nothing is allocated on the strength of an
// unchecked length. (Truncation at every byte of every message: round_trip_test.cc.)
#include <gtest/gtest.h>

#include "kafka/protocol/api_registry.h"
#include "kafka/protocol/messages.h"
#include "kafka/protocol/tests/protocol_test_support.h"

namespace eventioz::kafka::protocol {
namespace {

template <class Message>
status decode(const byte_buffer& bytes, int16_t version) {
  Message message;
  return decode_all(bytes, version, message);
}

TEST(malformed_input, huge_array_count_is_refused_before_allocating) {
  // api_keys claims 2^31 - 1 elements; 1 byte follows.
  const byte_buffer classic = {0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0x00};
  EXPECT_TRUE(is_malformed(decode<api_versions_response>(classic, 0),
                           "api_versions_response.api_keys: count 2147483647 needs at least"));
  // Compact: uvarint 2^32 - 1, count 2^32 - 2.
  const byte_buffer compact = {0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00};
  EXPECT_TRUE(is_malformed(decode<api_versions_response>(compact, 3),
                           "api_versions_response.api_keys: count 4294967294"));
}

TEST(malformed_input, negative_lengths_other_than_null_are_refused) {
  const byte_buffer array = {0x00, 0x00, 0xff, 0xff, 0xff, 0xfe};
  EXPECT_TRUE(is_malformed(decode<api_versions_response>(array, 0),
                           "api_versions_response.api_keys: negative length -2"));
  const byte_buffer string = {0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xfe};
  EXPECT_TRUE(is_malformed(decode<request_header>(string, 1),
                           "request_header.client_id: negative length -2"));
}

TEST(malformed_input, length_beyond_the_bytes_is_refused) {
  const byte_buffer bytes = {0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00,
                             0x01, 0x00, 0x64, 'a',  'b',  'c'};
  EXPECT_TRUE(is_malformed(decode<request_header>(bytes, 1),
                           "request_header.client_id: length 100 exceeds the 3 bytes"));
}

TEST(malformed_input, null_where_the_field_is_not_nullable) {
  const byte_buffer null_array = {0x00, 0x00, 0xff, 0xff, 0xff, 0xff};
  EXPECT_TRUE(is_malformed(decode<api_versions_response>(null_array, 0),
                           "api_versions_response.api_keys: null, but the field is not nullable"));
  const byte_buffer null_compact_string = {0x00, 0x01, 'v', 0x00};
  EXPECT_TRUE(is_malformed(decode<api_versions_request>(null_compact_string, 3),
                           "api_versions_request.client_software_name: null"));
}

TEST(malformed_input, error_names_the_element_and_field) {
  // Two api_keys; the second is cut inside max_version.
  const byte_buffer bytes = {0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x12, 0x00,
                             0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00};
  EXPECT_TRUE(is_malformed(decode<api_versions_response>(bytes, 0),
                           "api_versions_response.api_keys[1].max_version: truncated: needs 2 "
                           "bytes, 1 remain"));
}

TEST(malformed_input, overlong_varint_is_refused) {
  const byte_buffer bytes = {0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  EXPECT_TRUE(is_malformed(decode<api_versions_response>(bytes, 3),
                           "api_versions_response.api_keys: truncated or overlong"));
}

// An ApiVersions v3 response with no api_keys, throttle 0, then `tagged`.
byte_buffer api_versions_v3_with_tags(byte_buffer tagged) {
  return concat({{0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00}, tagged});
}

TEST(malformed_input, unknown_tagged_fields_are_skipped) {
  api_versions_response decoded;
  status skipped =
      decode_all(api_versions_v3_with_tags({0x02, 0x07, 0x03, 0xaa, 0xbb, 0xcc, 0x80, 0x01, 0x00}),
                 3, decoded);
  ASSERT_TRUE(skipped.ok()) << skipped.error_value();  // tags 7 and 128 (a 2-byte uvarint)
  EXPECT_EQ(decoded.finalized_features_epoch, -1);
}

TEST(malformed_input, tagged_field_shorter_than_its_value) {
  // finalized_features_epoch (tag 1) declared 4 bytes: the int64 runs out.
  auto bytes = api_versions_v3_with_tags({0x01, 0x01, 0x04, 0x00, 0x00, 0x00, 0x05});
  EXPECT_TRUE(is_malformed(decode<api_versions_response>(bytes, 3),
                           "api_versions_response.finalized_features_epoch: truncated"));
}

TEST(malformed_input, tagged_field_longer_than_its_value) {
  auto bytes = api_versions_v3_with_tags(
      {0x01, 0x01, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0xee});
  EXPECT_TRUE(is_malformed(decode<api_versions_response>(bytes, 3),
                           "api_versions_response: tagged field 1: declared size 9 but its value "
                           "took 8 bytes"));
}

TEST(malformed_input, tagged_field_size_beyond_the_bytes) {
  auto bytes = api_versions_v3_with_tags({0x01, 0x07, 0x64, 0x00});
  EXPECT_TRUE(is_malformed(decode<api_versions_response>(bytes, 3),
                           "api_versions_response: tagged field 7: size 100 exceeds the 1 bytes"));
}

TEST(malformed_input, tagged_field_count_beyond_the_bytes) {
  auto bytes = api_versions_v3_with_tags({0x7f, 0x00, 0x00});
  EXPECT_TRUE(is_malformed(decode<api_versions_response>(bytes, 3), "tagged fields: count 127"));
}

TEST(malformed_input, version_outside_the_range) {
  api_versions_request request;
  byte_reader reader(byte_span{});
  status decoded = request.decode(reader, 4);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error_value().code(), make_error_code(errc::unsupported_version));
  EXPECT_EQ(decoded.error_value().message(),
            "api_versions_request: version 4 is not implemented (versions 0 to 3)");
  status header = decode<request_header>(byte_buffer(10, 0), 3);
  EXPECT_EQ(header.error_value().code(), make_error_code(errc::unsupported_version));
}

TEST(malformed_input, registry_refuses_unknown_keys_versions_and_trailing_bytes) {
  status unknown = decode_request_body(-1, 0, {});
  EXPECT_EQ(unknown.error_value().code(), make_error_code(errc::unknown_api_key));
  status too_new = decode_request_body(18, 4, {});
  EXPECT_EQ(too_new.error_value().code(), make_error_code(errc::unsupported_version));
  EXPECT_TRUE(decode_request_body(18, 0, {}).ok());
  const byte_buffer trailing = {0x00};
  EXPECT_TRUE(is_malformed(decode_request_body(18, 0, trailing),
                           "API 18 version 0: 1 bytes after the end of the message"));
}

}  // namespace
}  // namespace eventioz::kafka::protocol
