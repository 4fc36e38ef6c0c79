// The generator's output for tests/schema/codec_sample.kp, a test-only schema using every type
// and option of the schema language: defaults, version ranges, nullable ranges, not_compact,
// tagged fields (also inside structs and holding structs), reused struct names, records.
#include "kafka/protocol/messages/codec_sample.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <type_traits>

#include "kafka/protocol/testing/codec_sample_samples.h"
#include "kafka/protocol/tests/protocol_test_support.h"

namespace eventioz::kafka::protocol {
namespace {

// A struct named twice in a message is one type; the same name in the response is another.
static_assert(std::is_same_v<decltype(codec_sample_request::entries)::value_type::value_type,
                             decltype(codec_sample_request::more_entries)::value_type>);
static_assert(!std::is_same_v<codec_sample_request::entry, codec_sample_response::entry>);

TEST(codec_sample, members_start_at_their_defaults) {
  codec_sample_request request;
  EXPECT_EQ(request.int8_field, 0);
  EXPECT_EQ(request.int16_field, -2);
  EXPECT_EQ(request.int32_field, 7);
  EXPECT_EQ(request.int64_field, INT64_MIN);
  EXPECT_EQ(request.float_field, 1.5);
  EXPECT_TRUE(request.bool_field);
  EXPECT_EQ(request.uuid_field, uuid{});
  EXPECT_EQ(request.name, "none");
  EXPECT_EQ(request.nullable_name, std::nullopt);
  EXPECT_EQ(request.tagged_string, "x");
  EXPECT_EQ(request.entries, std::nullopt);
}

codec_sample_request v3_request() {
  codec_sample_request request;
  request.int8_field = 5;
  request.uint16_field = 0x1234;
  request.uuid_field = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  request.legacy_name = "ab";
  request.data = {0xde, 0xad};
  request.numbers = {1};
  request.names = std::vector<std::string>{"q"};
  request.entries.emplace().push_back({.key = "k", .value = 9, .note = "n"});
  request.tagged_count = 3;
  request.tagged_nullable = "";
  return request;
}

// Written from the schema and the protocol guide's encodings, field by field.
const byte_buffer v3_request_bytes = concat({
    {0x05},                                                   // int8_field 5
    {0xff, 0xfe},                                             // int16_field -2 (default)
    {0x12, 0x34},                                             // uint16_field (1+)
    {0x00, 0x00, 0x00, 0x07},                                 // int32_field 7 (default)
    {0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},         // int64_field INT64_MIN (default)
    {0x3f, 0xf8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},         // float_field 1.5 (default)
    {0x01},                                                   // bool_field true (default)
    {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},  // uuid_field
    // removed_field: versions 0-1 only
    {0x05},                          // name: compact length 4 + 1, ...
    text("none"),                    // ... the default
    {0x00},                          // nullable_name: compact null
    {0x00, 0x02},                    // legacy_name: not_compact, int16 length 2, ...
    text("ab"),                      // ... its bytes
    {0x03, 0xde, 0xad},              // data: compact length 2 + 1
    {0x00},                          // nullable_data: null
    {0x00},                          // records: null
    {0x02, 0x00, 0x00, 0x00, 0x01},  // numbers: compact count 1 + 1, then 1
    {0x02, 0x02, 'q'},               // names: ["q"]
    {0x01},                          // ids: empty
    // entries (not nullable before v4): one entry, key "k", value absent in v3, then its
    // tagged fields: one, tag 0 (note), 2 bytes, compact "n"
    {0x02, 0x02, 'k', 0x01, 0x00, 0x02, 0x02, 'n'},
    {0x01},  // more_entries: empty
    // tagged fields: tagged_string equals its default and tagged_entries is not in v3, so
    // two: tag 1 (tagged_count, 4 bytes) and tag 3 (tagged_nullable, "", not null)
    {0x02, 0x01, 0x04, 0x00, 0x00, 0x00, 0x03, 0x03, 0x01, 0x01},
});

TEST(codec_sample, v3_request_has_the_spec_bytes) {
  byte_buffer encoded = encode_bytes(v3_request(), 3);
  EXPECT_EQ(encoded, v3_request_bytes) << hex(encoded);

  codec_sample_request decoded;
  status decoding = decode_all(v3_request_bytes, 3, decoded);
  ASSERT_TRUE(decoding.ok()) << decoding.error_value();
  EXPECT_EQ(decoded.int8_field, 5);
  EXPECT_EQ(decoded.uint16_field, 0x1234);
  EXPECT_EQ(decoded.uuid_field[15], 16);
  EXPECT_EQ(decoded.legacy_name, "ab");
  EXPECT_EQ(decoded.nullable_name, std::nullopt);
  EXPECT_EQ(decoded.nullable_data, std::nullopt);
  EXPECT_EQ(decoded.records, std::nullopt);
  EXPECT_EQ(decoded.names, std::vector<std::string>{"q"});
  ASSERT_TRUE(decoded.entries.has_value());
  ASSERT_EQ(decoded.entries->size(), 1u);
  EXPECT_EQ((*decoded.entries)[0].key, "k");
  EXPECT_EQ((*decoded.entries)[0].value, 0);  // not in v3
  EXPECT_EQ((*decoded.entries)[0].note, "n");
  EXPECT_EQ(decoded.tagged_string, "x");
  EXPECT_EQ(decoded.tagged_count, 3);
  EXPECT_EQ(decoded.tagged_nullable, "");
}

TEST(codec_sample, tagged_fields_are_written_only_when_not_default) {
  codec_sample_request request;
  byte_buffer plain = encode_bytes(request, 3);
  EXPECT_EQ(plain.back(), 0x00);  // no tagged fields
  request.tagged_string = "y";
  byte_buffer tagged = encode_bytes(request, 3);
  EXPECT_EQ(tagged.size(), plain.size() + 4);  // tag 0, size 2, compact "y"
  request.tagged_string = "x";
  EXPECT_EQ(encode_bytes(request, 3), plain);
}

TEST(codec_sample, fields_outside_their_versions_are_neither_written_nor_read) {
  codec_sample_request request;
  request.removed_field = 9;
  request.uint16_field = 4;
  codec_sample_request decoded;
  ASSERT_TRUE(decode_all(encode_bytes(request, 1), 1, decoded).ok());
  EXPECT_EQ(decoded.removed_field, 9);
  EXPECT_EQ(decoded.uint16_field, 4);
  ASSERT_TRUE(decode_all(encode_bytes(request, 2), 2, decoded).ok());
  EXPECT_EQ(decoded.removed_field, 0);
  ASSERT_TRUE(decode_all(encode_bytes(request, 0), 0, decoded).ok());
  EXPECT_EQ(decoded.uint16_field, 0);
}

TEST(codec_sample, nullopt_is_written_empty_where_the_version_has_no_null) {
  codec_sample_request request;  // names and entries are nullopt
  codec_sample_request decoded;
  ASSERT_TRUE(decode_all(encode_bytes(request, 1), 1, decoded).ok());
  EXPECT_EQ(decoded.names, std::vector<std::string>{});  // null only from v2
  ASSERT_TRUE(decode_all(encode_bytes(request, 2), 2, decoded).ok());
  EXPECT_EQ(decoded.names, std::nullopt);
  EXPECT_EQ(decoded.entries, std::vector<codec_sample_request::entry>{});  // null only in v4
  ASSERT_TRUE(decode_all(encode_bytes(request, 4), 4, decoded).ok());
  EXPECT_EQ(decoded.entries, std::nullopt);
}

TEST(codec_sample, records_are_borrowed_from_the_decoded_bytes) {
  codec_sample_request request;
  request.records = records_payload(byte_buffer{0x52, 0x45, 0x43, 0x53});
  byte_buffer bytes = encode_bytes(request, 1);

  codec_sample_request decoded;
  ASSERT_TRUE(decode_all(bytes, 1, decoded).ok());
  ASSERT_TRUE(decoded.records.has_value());
  ASSERT_EQ(decoded.records->chunks().size(), 1u);
  const auto* borrowed = std::get_if<byte_span>(&decoded.records->chunks()[0]);
  ASSERT_NE(borrowed, nullptr);
  // The span points into `bytes`: no copy was made.
  EXPECT_GE(borrowed->data(), bytes.data());
  EXPECT_LE(borrowed->data() + borrowed->size(), bytes.data() + bytes.size());
  EXPECT_EQ(byte_buffer(borrowed->begin(), borrowed->end()), (byte_buffer{0x52, 0x45, 0x43, 0x53}));
  byte_buffer scratch;
  auto contiguous = decoded.records->contiguous_bytes(scratch);
  ASSERT_TRUE(contiguous.has_value());
  EXPECT_EQ(contiguous->data(), borrowed->data());
  EXPECT_TRUE(scratch.empty());
}

TEST(codec_sample, unknown_tags_inside_a_nested_struct_are_skipped) {
  // The entry's tagged fields: one (tag 0) becomes two, adding tag 9 with one byte.
  const byte_buffer entry = {0x02, 0x02, 'k', 0x01, 0x00, 0x02, 0x02, 'n'};
  const byte_buffer two_tags = {0x02, 0x02, 'k', 0x02, 0x00, 0x02, 0x02, 'n', 0x09, 0x01, 0x77};
  auto at =
      std::search(v3_request_bytes.begin(), v3_request_bytes.end(), entry.begin(), entry.end());
  ASSERT_NE(at, v3_request_bytes.end());
  byte_buffer bytes = concat({byte_buffer(v3_request_bytes.begin(), at), two_tags,
                              byte_buffer(at + entry.size(), v3_request_bytes.end())});
  codec_sample_request decoded;
  status decoding = decode_all(bytes, 3, decoded);
  ASSERT_TRUE(decoding.ok()) << decoding.error_value();
  EXPECT_EQ((*decoded.entries)[0].note, "n");
}

TEST(codec_sample, every_version_round_trips_with_samples) {
  for (int16_t version = 0; version <= 4; ++version) {
    for (bool nulls : {false, true}) {
      codec_sample_request request;
      testing::fill_sample(request, version, nulls);
      byte_buffer bytes = encode_bytes(request, version);
      codec_sample_request decoded;
      ASSERT_TRUE(decode_all(bytes, version, decoded).ok()) << version;
      EXPECT_EQ(encode_bytes(decoded, version), bytes) << version;
    }
  }
}

}  // namespace
}  // namespace eventioz::kafka::protocol
