// The Kafka listener's metrics: requests and their latency per API (from the request read off
// the socket to its answer handed to the connection), requests refused by closing the
// connection, and open connections.
//
// The children of every handled API are looked up once, on first use, into a table indexed
// by API key, so a request costs two clock reads and three relaxed atomic adds.
#pragma once

#include <cstdint>

#include "base/metrics_registry.h"

namespace eventioz::kafka {

struct api_metrics {
  metrics::counter* requests = nullptr;    // eventioz_kafka_requests_total{api}
  metrics::histogram* duration = nullptr;  // eventioz_kafka_request_duration_seconds{api}
  metrics::counter* failures = nullptr;    // eventioz_kafka_request_failures_total{api}
};

// The metrics of API `key`; null for a key this build does not know.
const api_metrics* metrics_of_api(int16_t key);

// eventioz_kafka_connections: client connections open now.
metrics::gauge& kafka_connections_gauge();

}  // namespace eventioz::kafka
