// The table of serve settings and how each string value is checked and applied.
#include "app/serve_config.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <limits>

namespace eventioz::app {
namespace {

error invalid(const std::string& what) {
  return error(std::make_error_code(std::errc::invalid_argument), what);
}

template <class Integer>
result<Integer> parse_integer(const std::string& value, Integer low, Integer high) {
  Integer parsed{};
  auto [end, failure] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (failure != std::errc() || end != value.data() + value.size() || parsed < low ||
      parsed > high) {
    return invalid(fmt::format("'{}' is not a whole number from {} to {}", value, low, high));
  }
  return parsed;
}

result<bool> parse_bool(const std::string& value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return invalid(fmt::format("'{}' is not true or false", value));
}

// "HOST:PORT", "[IPv6]:PORT" or ":PORT" (keeps the host).
status parse_address(const std::string& value, std::string& host, uint16_t& port) {
  size_t colon = value.rfind(':');
  if (colon == std::string::npos) {
    return invalid(fmt::format("'{}' is not HOST:PORT (e.g. 127.0.0.1:9092)", value));
  }
  EVENTIOZ_TRY(port, parse_integer<uint16_t>(value.substr(colon + 1), 0, 65535));
  std::string parsed_host = value.substr(0, colon);
  if (parsed_host.size() >= 2 && parsed_host.front() == '[' && parsed_host.back() == ']') {
    parsed_host = parsed_host.substr(1, parsed_host.size() - 2);
  }
  if (!parsed_host.empty()) host = parsed_host;
  return ok_status();
}

template <auto Member, class Integer>
status set_integer(serve_config& config, const std::string& value, Integer low, Integer high) {
  EVENTIOZ_TRY(config.*Member, parse_integer<Integer>(value, low, high));
  return ok_status();
}

}  // namespace

const std::vector<serve_setting>& serve_settings() {
  static const std::vector<serve_setting> settings = {
      {"data_dir", "EVENTIOZ_DATA_DIR", "--data-dir",
       "Where partitions and state are kept (created if missing)",
       [](serve_config& c, const std::string& v) -> status {
         if (v.empty()) return invalid("the data directory cannot be empty");
         c.data_directory = v;
         return ok_status();
       }},
      {"kafka.listen", "EVENTIOZ_KAFKA_LISTEN", "--kafka-listen",
       "HOST:PORT to accept Kafka clients on (0.0.0.0 for every interface)",
       [](serve_config& c, const std::string& v) {
         return parse_address(v, c.kafka_listen_host, c.kafka_listen_port);
       }},
      {"kafka.advertised", "EVENTIOZ_KAFKA_ADVERTISED", "--kafka-advertised",
       "HOST:PORT clients are told to connect to (default: the listen address)",
       [](serve_config& c, const std::string& v) {
         return parse_address(v, c.kafka_advertised_host, c.kafka_advertised_port);
       }},
      {"http.listen", "EVENTIOZ_HTTP_LISTEN", "--http-listen",
       "HOST:PORT for the HTTP API, push delivery, /metrics and the web console",
       [](serve_config& c, const std::string& v) {
         return parse_address(v, c.http_listen_host, c.http_listen_port);
       }},
      {"http.max_body_bytes", "EVENTIOZ_HTTP_MAX_BODY_BYTES", "--http-max-body-bytes",
       "Largest HTTP request body; larger ones are refused (413) before being read",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::http_max_body_bytes, uint64_t>(c, v, 1024, 1ull << 30);
       }},
      {"http.request_memory_bytes", "EVENTIOZ_HTTP_REQUEST_MEMORY_BYTES", "",
       "Request bodies all HTTP connections may hold at once; more get 503 before being read",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::http_request_memory_bytes, uint64_t>(c, v, 1024,
                                                                                1ull << 40);
       }},
      {"http.log_requests", "EVENTIOZ_HTTP_LOG_REQUESTS", "--http-log-requests",
       "Log one line per HTTP request (method, path, route, status, duration)",
       [](serve_config& c, const std::string& v) -> status {
         EVENTIOZ_TRY(c.http_log_requests, parse_bool(v));
         return ok_status();
       }},
      {"http.push_stall_timeout_ms", "EVENTIOZ_HTTP_PUSH_STALL_TIMEOUT_MS",
       "--http-push-stall-timeout-ms",
       "Disconnect an SSE/WebSocket subscriber that reads nothing it was sent for this long",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::http_push_stall_timeout_ms, int64_t>(c, v, 100,
                                                                                86'400'000);
       }},
      {"http.push_keep_alive_ms", "EVENTIOZ_HTTP_PUSH_KEEP_ALIVE_MS", "",
       "How often an idle SSE/WebSocket subscription gets a keep-alive (comment or ping)",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::http_push_keep_alive_ms, int64_t>(c, v, 100, 3'600'000);
       }},
      {"http.push_subscribers_max", "EVENTIOZ_HTTP_PUSH_SUBSCRIBERS_MAX", "",
       "Most SSE/WebSocket subscribers at once; more are refused with 503",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::http_push_subscribers_max, int64_t>(c, v, 0, 1'000'000);
       }},
      {"http.push_buffer_bytes_max", "EVENTIOZ_HTTP_PUSH_BUFFER_BYTES_MAX", "",
       "Rendered events held by all SSE/WebSocket subscribers together; beyond, they pause",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::http_push_buffer_bytes_max, uint64_t>(c, v, 1 << 20,
                                                                                 1ull << 40);
       }},
      {"kafka.max_request_bytes", "EVENTIOZ_MAX_REQUEST_BYTES", "--max-request-bytes",
       "Largest request accepted; larger ones are refused before being read",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::max_request_bytes, uint64_t>(c, v, 1024, 1ull << 30);
       }},
      {"kafka.request_memory_bytes", "EVENTIOZ_REQUEST_MEMORY_BYTES", "",
       "Request bytes held at once by all connections before they stop reading",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::request_memory_bytes, uint64_t>(c, v, 1 << 20,
                                                                           1ull << 40);
       }},
      {"kafka.auto_create_topics", "EVENTIOZ_AUTO_CREATE_TOPICS", "--auto-create-topics",
       "Create unknown topics when clients ask for their metadata (true/false)",
       [](serve_config& c, const std::string& v) -> status {
         EVENTIOZ_TRY(c.auto_create_topics, parse_bool(v));
         return ok_status();
       }},
      {"kafka.default_partitions", "EVENTIOZ_DEFAULT_PARTITIONS", "--default-partitions",
       "Partitions of auto-created topics and of CreateTopics without a count",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::default_partition_count, int32_t>(c, v, 1, 10000);
       }},
      {"broker.node_id", "EVENTIOZ_NODE_ID", "--node-id", "This broker's id in Metadata",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::node_id, int32_t>(c, v, 0, 1 << 30);
       }},
      {"broker.shards", "EVENTIOZ_SHARDS", "--shards", "Event loop threads (0: one per core)",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::shard_count, uint32_t>(c, v, 0, 1024);
       }},
      {"broker.housekeeping_interval_ms", "EVENTIOZ_HOUSEKEEPING_INTERVAL_MS", "",
       "How often retention, compaction and checkpoints run",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::housekeeping_interval_ms, int64_t>(
             c, v, 100, std::numeric_limits<int32_t>::max());
       }},
      {"broker.producer_id_expiration_ms", "EVENTIOZ_PRODUCER_ID_EXPIRATION_MS", "",
       "How long a partition remembers an idle idempotent producer (producer.id.expiration.ms)",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::producer_id_expiration_ms, int64_t>(
             c, v, 1000, std::numeric_limits<int64_t>::max());
       }},
      {"groups.initial_rebalance_delay_ms", "EVENTIOZ_GROUP_INITIAL_REBALANCE_DELAY_MS",
       "--group-initial-rebalance-delay-ms",
       "How long an empty group's first rebalance waits for more members (Kafka: 3000)",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::group_initial_rebalance_delay_ms, int32_t>(c, v, 0,
                                                                                      300'000);
       }},
      {"groups.min_session_timeout_ms", "EVENTIOZ_GROUP_MIN_SESSION_TIMEOUT_MS", "",
       "Shortest session timeout a consumer may ask for",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::group_min_session_timeout_ms, int32_t>(
             c, v, 1, std::numeric_limits<int32_t>::max());
       }},
      {"groups.max_session_timeout_ms", "EVENTIOZ_GROUP_MAX_SESSION_TIMEOUT_MS", "",
       "Longest session timeout a consumer may ask for",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::group_max_session_timeout_ms, int32_t>(
             c, v, 1, std::numeric_limits<int32_t>::max());
       }},
      {"groups.offsets_topic_partitions", "EVENTIOZ_OFFSETS_TOPIC_PARTITIONS", "",
       "Partitions of __consumer_offsets when it is created (fixed afterwards)",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::offsets_topic_partitions, int32_t>(c, v, 1, 1000);
       }},
      {"groups.offset_metadata_max_bytes", "EVENTIOZ_OFFSET_METADATA_MAX_BYTES", "",
       "Largest metadata string stored with a committed offset",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::offset_metadata_max_bytes, int32_t>(c, v, 0, 1 << 20);
       }},
      {"transactions.max_timeout_ms", "EVENTIOZ_TRANSACTION_MAX_TIMEOUT_MS", "",
       "Longest transaction timeout a producer may ask for",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::transaction_max_timeout_ms, int32_t>(
             c, v, 1, std::numeric_limits<int32_t>::max());
       }},
      {"transactions.state_topic_partitions", "EVENTIOZ_TRANSACTION_STATE_PARTITIONS", "",
       "Partitions of __transaction_state when it is created (fixed afterwards)",
       [](serve_config& c, const std::string& v) {
         return set_integer<&serve_config::transaction_state_partitions, int32_t>(c, v, 1, 1000);
       }},
  };
  return settings;
}

status apply_settings(serve_config& config, const std::map<std::string, std::string>& values,
                      const std::string& source) {
  for (const auto& [key, value] : values) {
    status applied = ok_status();
    if (key.starts_with("log.")) {
      applied = storage::apply_config(config.log_defaults, key.substr(4), value);
    } else {
      const serve_setting* setting = nullptr;
      for (const auto& each : serve_settings()) {
        if (each.key == key) setting = &each;
      }
      if (!setting) {
        return invalid(fmt::format("{}: unknown setting '{}' (docs/configuration.md lists them)",
                                   source, key));
      }
      applied = setting->apply(config, value);
    }
    if (!applied) {
      return invalid(
          fmt::format("{}: {} = {}: {}", source, key, value, applied.error_value().message()));
    }
  }
  return ok_status();
}

std::map<std::string, std::string> read_environment() {
  std::map<std::string, std::string> values;
  for (const auto& setting : serve_settings()) {
    if (const char* value = std::getenv(setting.environment.c_str())) {
      values[setting.key] = value;
    }
  }
  return values;
}

}  // namespace eventioz::app
