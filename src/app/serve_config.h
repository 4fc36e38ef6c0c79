// Everything `eventioz serve` can be told, and where it can be told: a TOML file, EVENTIOZ_*
// environment variables and command-line flags, in increasing precedence.
//
// One table (serve_settings()) names every setting once with its file key, environment
// variable and flag, so the three sources cannot drift apart; docs/configuration.md mirrors it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/log_config.h"

namespace eventioz::app {

struct serve_config {
  std::string data_directory = "data";
  std::string kafka_listen_host = "127.0.0.1";
  uint16_t kafka_listen_port = 9092;
  std::string kafka_advertised_host;   // empty: the listen host
  uint16_t kafka_advertised_port = 0;  // 0: the listen port
  int32_t node_id = 0;
  // HTTP: REST, push delivery, /metrics, the console.
  std::string http_listen_host = "127.0.0.1";
  uint16_t http_listen_port = 8080;
  uint64_t http_max_body_bytes = 16ull << 20;
  uint64_t http_request_memory_bytes = 256ull << 20;
  bool http_log_requests = false;
  int64_t http_push_stall_timeout_ms = 30'000;
  int64_t http_push_keep_alive_ms = 15'000;
  int64_t http_push_subscribers_max = 10'000;
  uint64_t http_push_buffer_bytes_max = 256ull << 20;
  uint32_t shard_count = 0;  // 0: one per core
  uint64_t max_request_bytes = 100ull << 20;
  uint64_t request_memory_bytes = 256ull << 20;
  bool auto_create_topics = true;
  int32_t default_partition_count = 1;
  int64_t housekeeping_interval_ms = 5 * 60 * 1000;
  // Kafka's producer.id.expiration.ms: idle idempotent producers are forgotten after this.
  int64_t producer_id_expiration_ms = 86'400'000;
  // Consumer groups (Kafka's group.* and offsets.* broker settings).
  int32_t group_initial_rebalance_delay_ms = 0;  // Kafka: 3000
  int32_t group_min_session_timeout_ms = 6'000;
  int32_t group_max_session_timeout_ms = 1'800'000;
  int32_t offsets_topic_partitions = 8;  // Kafka: 50
  int32_t offset_metadata_max_bytes = 4096;
  // Transactions (Kafka's transaction.max.timeout.ms, transaction.state.log.num.partitions).
  int32_t transaction_max_timeout_ms = 900'000;
  int32_t transaction_state_partitions = 4;
  // Defaults for every topic ("retention.ms", ...), overridable per topic.
  storage::log_config log_defaults;
};

struct serve_setting {
  std::string key;          // in the TOML file: "kafka.listen" is [kafka] listen = "..."
  std::string environment;  // EVENTIOZ_KAFKA_LISTEN
  std::string flag;         // --kafka-listen (empty: no flag)
  std::string help;
  status (*apply)(serve_config& config, const std::string& value);
};

const std::vector<serve_setting>& serve_settings();

// Applies "key" = "value" pairs (keys of serve_settings(), or "log.<topic config>" for topic
// defaults). Errors name the key, the value and the source.
status apply_settings(serve_config& config, const std::map<std::string, std::string>& values,
                      const std::string& source);

// The settings of a TOML file flattened to "table.key" -> value strings.
result<std::map<std::string, std::string>> read_config_file(const std::string& path);

// The EVENTIOZ_* variables that are set.
std::map<std::string, std::string> read_environment();

}  // namespace eventioz::app
