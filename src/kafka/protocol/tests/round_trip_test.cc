// Every message of every API (and both headers) at every version, filled with sample values
// (testing/*_samples.h: every field present in the version, non-default, tagged ones
// included; once with values, once with nulls where the version allows them):
//   - encode, decode, encode again gives the same bytes, and decoding uses all of them;
//   - every strict prefix of the bytes fails to decode with malformed_message, so a message
//     cut short at any byte is refused, never half-read or crashed on.
#include <gtest/gtest.h>

#include <type_traits>

#include "kafka/protocol/api_registry.h"
#include "kafka/protocol/api_visit.h"
#include "kafka/protocol/testing/message_samples.h"
#include "kafka/protocol/tests/protocol_test_support.h"

namespace eventioz::kafka::protocol {
namespace {

template <class Message>
void expect_round_trip(int16_t version, bool nulls) {
  SCOPED_TRACE(::testing::Message() << "version " << version << (nulls ? " with nulls" : ""));
  Message sample;
  testing::fill_sample(sample, version, nulls);
  byte_buffer bytes = encode_bytes(sample, version);

  Message decoded;
  status decoding = decode_all(bytes, version, decoded);
  ASSERT_TRUE(decoding.ok()) << decoding.error_value() << "\n" << hex(bytes);
  EXPECT_EQ(encode_bytes(decoded, version), bytes);

  for (size_t size = 0; size < bytes.size(); ++size) {
    Message partial;
    byte_reader reader(byte_span(bytes).first(size));
    ASSERT_TRUE(is_malformed(partial.decode(reader, version), ""))
        << "cut at " << size << " of " << bytes.size() << ": " << hex(bytes);
  }
}

template <class Message>
void expect_round_trips() {
  for (int16_t version = Message::min_version; version <= Message::max_version; ++version) {
    expect_round_trip<Message>(version, false);
    expect_round_trip<Message>(version, true);
  }
}

TEST(round_trip, every_request_and_response_of_every_api) {
  ASSERT_FALSE(all_apis().empty());
  for (const api_descriptor& api : all_apis()) {
    SCOPED_TRACE(::testing::Message() << "API " << api.key << " " << api.name);
    bool found = visit_api(api.key, [&]<class Request, class Response>(
                                        std::type_identity<Request>, std::type_identity<Response>) {
      EXPECT_EQ(Request::min_version, api.min_version);
      EXPECT_EQ(Response::max_version, api.max_version);
      {
        SCOPED_TRACE("request");
        expect_round_trips<Request>();
      }
      {
        SCOPED_TRACE("response");
        expect_round_trips<Response>();
      }
    });
    EXPECT_TRUE(found);
  }
}

TEST(round_trip, request_and_response_headers) {
  expect_round_trips<request_header>();
  expect_round_trips<response_header>();
}

TEST(round_trip, registry_decodes_every_sample_body) {
  for (const api_descriptor& api : all_apis()) {
    visit_api(api.key, [&]<class Request, class Response>(std::type_identity<Request>,
                                                          std::type_identity<Response>) {
      for (int16_t version = api.min_version; version <= api.max_version; ++version) {
        Request request;
        testing::fill_sample(request, version, false);
        EXPECT_TRUE(decode_request_body(api.key, version, encode_bytes(request, version)).ok())
            << api.name << " v" << version;
        Response response;
        testing::fill_sample(response, version, true);
        EXPECT_TRUE(decode_response_body(api.key, version, encode_bytes(response, version)).ok())
            << api.name << " v" << version;
      }
    });
  }
}

}  // namespace
}  // namespace eventioz::kafka::protocol
