// The Kafka listener's settings. app fills them from flags, the environment and the config
// file (docs/configuration.md lists each with its key).
#pragma once

#include <cstdint>
#include <string>

#include "groups/group_coordinator.h"

namespace eventioz::kafka {

struct server_config {
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 9092;
  // What Metadata tells clients to connect to; empty / 0: the listen address.
  std::string advertised_host;
  uint16_t advertised_port = 0;

  int32_t node_id = 0;
  std::string cluster_id;

  // max.request.bytes: frames larger than this are refused before their body is read.
  uint64_t max_request_bytes = 100ull << 20;
  // Request bytes all connections of the broker may hold at once (split over the shards, each
  // share at least max_request_bytes); beyond it, connections stop reading.
  uint64_t request_memory_bytes = 256ull << 20;
  // Requests one connection may have in flight (pipelined, not yet answered).
  uint32_t max_in_flight_requests_per_connection = 100;

  // Transactions: transaction.max.timeout.ms, transaction.state.log.num.partitions (used when
  // __transaction_state is created), and how often timed-out transactions are looked for.
  int32_t transaction_max_timeout_ms = 900'000;
  int32_t transaction_state_partition_count = 4;
  uint32_t transaction_expiry_interval_ms = 1'000;

  // How long a clean shutdown waits for in-flight requests to be answered.
  uint32_t shutdown_drain_ms = 15'000;  // above the longest fetch wait (10 s)

  // The group coordinator's settings (offsets.topic.num.partitions, group.*).
  groups::coordinator_config groups;
  // How often session and rebalance timeouts are checked.
  uint32_t group_timer_interval_ms = 50;

  const std::string& advertised_host_or_listen() const {
    return advertised_host.empty() ? listen_host : advertised_host;
  }
  uint16_t advertised_port_or_listen() const {
    return advertised_port == 0 ? listen_port : advertised_port;
  }
};

}  // namespace eventioz::kafka
