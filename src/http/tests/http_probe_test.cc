#include "http/http_probe.h"

#include <gtest/gtest.h>

namespace eventioz::http {
namespace {

double requests(const std::string& route, const std::string& method, const std::string& code) {
  for (const auto& family : metrics::default_registry().collect()) {
    if (family.name != "eventioz_http_requests_total") continue;
    for (const auto& each : family.samples) {
      if (each.labels == metrics::label_values{route, method, code}) return each.value;
    }
  }
  return 0;
}

uint64_t observed(const std::string& route) {
  for (const auto& family : metrics::default_registry().collect()) {
    if (family.name != "eventioz_http_request_duration_seconds") continue;
    for (const auto& each : family.histograms) {
      if (each.labels == metrics::label_values{route}) return each.count;
    }
  }
  return 0;
}

TEST(request_recorder, counts_each_request_under_its_own_labels_as_they_change) {
  request_recorder recorder;
  auto elapsed = std::chrono::milliseconds(2);
  recorder.record("/probe/{a}", "GET", 200, elapsed);
  recorder.record("/probe/{a}", "GET", 200, elapsed);  // the remembered children
  recorder.record("/probe/{a}", "GET", 404, elapsed);  // another status, same route
  recorder.record("/probe/{b}", "POST", 201, elapsed);
  recorder.record("/probe/{a}", "GET", 200, elapsed);  // back again
  EXPECT_EQ(requests("/probe/{a}", "GET", "200"), 3);
  EXPECT_EQ(requests("/probe/{a}", "GET", "404"), 1);
  EXPECT_EQ(requests("/probe/{b}", "POST", "201"), 1);
  EXPECT_EQ(observed("/probe/{a}"), 4u);
  EXPECT_EQ(observed("/probe/{b}"), 1u);
}

TEST(http_gauges, are_registered_under_their_documented_names) {
  push_subscribers_gauge().increment();
  push_subscribers_gauge().decrement();
  http_connections_gauge();
  bool push = false, connections = false;
  for (const auto& family : metrics::default_registry().collect()) {
    push |=
        family.name == "eventioz_push_subscribers" && family.type == metrics::metric_type::gauge;
    connections |= family.name == "eventioz_http_connections";
  }
  EXPECT_TRUE(push);
  EXPECT_TRUE(connections);
}

}  // namespace
}  // namespace eventioz::http
