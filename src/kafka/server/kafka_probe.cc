#include "kafka/server/kafka_probe.h"

#include <array>
#include <string>

#include "kafka/protocol/api_registry.h"

namespace eventioz::kafka {
namespace {

constexpr size_t api_key_limit = 128;  // Kafka's keys are small; larger ones are unknown

std::array<api_metrics, api_key_limit> make_table() {
  auto& registry = metrics::default_registry();
  auto& requests = registry.counter_family("eventioz_kafka_requests_total",
                                           "Kafka requests answered, per API.", {"api"});
  auto& duration = registry.histogram_family(
      "eventioz_kafka_request_duration_seconds",
      "Time from reading a Kafka request to queueing its answer, in seconds, per API.", {"api"});
  auto& failures = registry.counter_family(
      "eventioz_kafka_request_failures_total",
      "Kafka requests refused by closing the connection (malformed or unsupported), per API.",
      {"api"});
  std::array<api_metrics, api_key_limit> table{};
  for (const auto& api : protocol::all_apis()) {
    if (api.key < 0 || static_cast<size_t>(api.key) >= api_key_limit) continue;
    std::string name(api.name);
    table[api.key] = {.requests = &requests.with({name}),
                      .duration = &duration.with({name}),
                      .failures = &failures.with({name})};
  }
  return table;
}

}  // namespace

const api_metrics* metrics_of_api(int16_t key) {
  static const std::array<api_metrics, api_key_limit> table = make_table();
  if (key < 0 || static_cast<size_t>(key) >= api_key_limit || !table[key].requests) {
    return nullptr;
  }
  return &table[key];
}

metrics::gauge& kafka_connections_gauge() {
  static metrics::gauge& child =
      metrics::default_registry()
          .gauge_family("eventioz_kafka_connections", "Kafka client connections open now.")
          .with({});
  return child;
}

}  // namespace eventioz::kafka
