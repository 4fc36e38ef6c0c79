// The append body: what is accepted, and every refusal (a refusal must happen before anything
// is written, so each one names the member and says what to send).
#include "http/append_body.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "eventstore/errc.h"
#include "http/errc.h"

namespace eventioz::http {
namespace {

using json = nlohmann::json;
using eventstore::expected_version;

result<eventstore::append_request> parse(const json& body) {
  return parse_append_body(body.dump(), "accounts", "account-1");
}

json one_event(json event = {{"type", "Deposited"}, {"data", {{"amount", 10}}}}) {
  return {{"events", json::array({std::move(event)})}};
}

// The refusal's code and that its message contains `mentions`.
void expect_refused(const result<eventstore::append_request>& parsed, std::error_code code,
                    std::string_view mentions) {
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error_value().code(), code) << parsed.error_value().message();
  EXPECT_NE(parsed.error_value().message().find(mentions), std::string::npos)
      << parsed.error_value().message();
}

TEST(append_body, takes_every_member) {
  json event = {{"type", "Deposited"},
                {"data", {{"amount", 10}, {"note", "é"}}},
                {"id", "e-1"},
                {"source", "/atm/7"},
                {"subject", "acct"},
                {"time", "2026-11-25T10:00:00.5+01:00"},
                {"correlation_id", "c-1"},
                {"causation_id", "k-1"}};
  auto body = one_event(event);
  body["expected_version"] = 4;
  auto parsed = parse(body);
  ASSERT_TRUE(parsed.ok()) << parsed.error_value();
  EXPECT_EQ(parsed->store, "accounts");
  EXPECT_EQ(parsed->stream, "account-1");
  EXPECT_EQ(parsed->expected, expected_version::exact(4));
  ASSERT_EQ(parsed->events.size(), 1u);
  const auto& written = parsed->events[0];
  EXPECT_EQ(written.type, "Deposited");
  EXPECT_EQ(json::parse(written.data), event["data"]);
  EXPECT_EQ(written.data.find(' '), std::string::npos) << "compact JSON text";
  EXPECT_EQ(written.content_type, "application/json");
  EXPECT_EQ(written.id, "e-1");
  EXPECT_EQ(written.source, "/atm/7");
  EXPECT_EQ(written.subject, "acct");
  EXPECT_EQ(written.time, "2026-11-25T10:00:00.5+01:00");
  EXPECT_EQ(written.correlation_id, "c-1");
  EXPECT_EQ(written.causation_id, "k-1");
}

TEST(append_body, expected_version_as_number_string_or_word) {
  auto with = [](json value) {
    auto body = one_event();
    body["expected_version"] = std::move(value);
    return parse(body);
  };
  EXPECT_EQ(parse(one_event())->expected, expected_version::any());
  EXPECT_EQ(with(nullptr)->expected, expected_version::any());
  EXPECT_EQ(with(0)->expected, expected_version::exact(0));
  EXPECT_EQ(with("17")->expected, expected_version::exact(17));
  EXPECT_EQ(with("no_stream")->expected.condition, expected_version::kind::no_stream);
  EXPECT_EQ(with("exists")->expected.condition, expected_version::kind::exists);
  EXPECT_EQ(with("any")->expected, expected_version::any());
  for (json bad : {json("latest"), json(-1), json(1.5), json(true), json::array(), json("-3"),
                   json(""), json::object()}) {
    expect_refused(with(bad), eventstore::errc::invalid_expected_version, "");
  }
}

TEST(append_body, data_may_be_any_json) {
  for (json data : {json(nullptr), json(3), json("text"), json::array({1, 2}), json::object()}) {
    auto parsed = parse(one_event({{"type", "T"}, {"data", data}}));
    ASSERT_TRUE(parsed.ok()) << data;
    EXPECT_EQ(parsed->events[0].data, data.dump());
  }
}

TEST(append_body, events_without_ids_get_distinct_uuid_v4s) {
  json events = json::array();
  for (int i = 0; i < 50; ++i) events.push_back({{"type", "T"}, {"data", i}});
  auto parsed = parse({{"events", events}});
  ASSERT_TRUE(parsed.ok());
  const std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> ids;
  for (const auto& event : parsed->events) {
    EXPECT_TRUE(std::regex_match(event.id, v4)) << event.id;
    ids.insert(event.id);
  }
  EXPECT_EQ(ids.size(), 50u);
}

TEST(append_body, refuses_what_is_not_an_append) {
  const auto invalid = make_error_code(errc::invalid_request);
  expect_refused(parse_append_body("", "s", "x"), errc::bad_json, "");
  expect_refused(parse_append_body("{\"events\": [", "s", "x"), errc::bad_json, "");
  expect_refused(parse_append_body("[1]", "s", "x"), invalid, "");
  expect_refused(parse({{"expected_version", 0}}), invalid, "events");
  expect_refused(parse({{"events", json::array()}}), invalid, "events");
  expect_refused(parse({{"events", json::object()}}), invalid, "events");
  auto extra = one_event();
  extra["expectedVersion"] = 1;
  expect_refused(parse(extra), invalid, "expectedVersion");
  json many = json::array();
  for (int i = 0; i < 1001; ++i) many.push_back({{"type", "T"}, {"data", i}});
  expect_refused(parse({{"events", many}}), invalid, "1001");
  many.erase(many.end() - 1);
  EXPECT_TRUE(parse({{"events", many}}).ok());
}

TEST(append_body, refuses_bad_events_naming_them) {
  const auto invalid = make_error_code(errc::invalid_request);
  expect_refused(parse({{"events", {1}}}), invalid, "events[0]");
  expect_refused(parse(one_event({{"data", 1}})), invalid, "events[0].type");
  expect_refused(parse(one_event({{"type", ""}, {"data", 1}})), invalid, "events[0].type");
  expect_refused(parse(one_event({{"type", 7}, {"data", 1}})), invalid, "events[0].type");
  expect_refused(parse(one_event({{"type", std::string(257, 't')}, {"data", 1}})), invalid,
                 "events[0].type");
  EXPECT_TRUE(parse(one_event({{"type", std::string(256, 't')}, {"data", 1}})).ok());
  expect_refused(parse(one_event({{"type", "T"}})), invalid, "events[0].data");
  expect_refused(parse(one_event({{"type", "T"}, {"data", 1}, {"colour", "red"}})), invalid,
                 "colour");
  expect_refused(parse(one_event({{"type", "T"}, {"data", 1}, {"id", 5}})), invalid,
                 "events[0].id");
  expect_refused(parse(one_event({{"type", "T"}, {"data", 1}, {"id", ""}})), invalid,
                 "events[0].id");
  expect_refused(parse(one_event({{"type", "T"}, {"data", 1}, {"id", std::string(257, 'i')}})),
                 invalid, "events[0].id");
  EXPECT_TRUE(parse(one_event({{"type", "T"}, {"data", 1}, {"id", std::string(256, 'i')}})).ok());
  expect_refused(parse(one_event({{"type", "T"}, {"data", 1}, {"time", "yesterday"}})), invalid,
                 "events[0].time");
  expect_refused(parse(one_event({{"type", "T"}, {"data", 1}, {"source", json::object()}})),
                 invalid, "events[0].source");
  expect_refused(
      parse({{"events", {{{"type", "T"}, {"data", 1}}, {{"type", "T"}, {"data", 2}, {"x", 1}}}}}),
      invalid, "events[1]");
  expect_refused(parse({{"events",
                         {{{"type", "T"}, {"data", 1}, {"id", "a"}},
                          {{"type", "T"}, {"data", 2}, {"id", "a"}}}}}),
                 invalid, "used twice");
}

TEST(append_body, bounds_the_stream_id) {
  EXPECT_TRUE(parse_append_body(one_event().dump(), "s", std::string(1024, 's')).ok());
  expect_refused(parse_append_body(one_event().dump(), "s", std::string(1025, 's')),
                 errc::invalid_request, "1025");
}

}  // namespace
}  // namespace eventioz::http

namespace eventioz::http {
namespace {

TEST(append_body, stream_ids_are_utf8_text_without_control_characters) {
  std::string body = R"({"events": [{"type": "T", "data": {}}]})";
  EXPECT_TRUE(parse_append_body(body, "s", "caf\xc3\xa9/1 x").ok());
  EXPECT_FALSE(parse_append_body(body, "s", "bad\xff\xfe").ok());
  EXPECT_FALSE(parse_append_body(body, "s", std::string("nul\0x", 5)).ok());
  EXPECT_FALSE(parse_append_body(body, "s", "line\nbreak").ok());
}

}  // namespace
}  // namespace eventioz::http
