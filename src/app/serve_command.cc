// `eventioz serve`: opens the data directory, starts the Kafka listener, runs housekeeping,
// and shuts down cleanly on SIGTERM/SIGINT (answers in-flight requests, syncs every log).
#include "app/serve_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "app/data_directory_lock.h"
#include "cluster/cluster_identity.h"
#include "cluster/topic_manager.h"
#include "eventstore/event_store.h"
#include "http/http_server.h"
#include "io/file_system.h"
#include "kafka/server/kafka_server.h"

namespace eventioz::app {
namespace {

// Blocks SIGINT and SIGTERM in every thread (call before starting any), so that the main thread
// alone receives them through sigtimedwait instead of an asynchronous handler.
sigset_t block_shutdown_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int64_t milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

kafka::server_config make_kafka_config(const serve_config& config, std::string cluster_id) {
  kafka::server_config kafka_config{
      .listen_host = config.kafka_listen_host,
      .listen_port = config.kafka_listen_port,
      .advertised_host = config.kafka_advertised_host,
      .advertised_port = config.kafka_advertised_port,
      .node_id = config.node_id,
      .cluster_id = std::move(cluster_id),
      .max_request_bytes = config.max_request_bytes,
      .request_memory_bytes = config.request_memory_bytes,
  };
  kafka_config.groups.offsets_topic_partitions = config.offsets_topic_partitions;
  kafka_config.transaction_max_timeout_ms = config.transaction_max_timeout_ms;
  kafka_config.transaction_state_partition_count = config.transaction_state_partitions;
  kafka_config.groups.groups = {
      .min_session_timeout_ms = config.group_min_session_timeout_ms,
      .max_session_timeout_ms = config.group_max_session_timeout_ms,
      .initial_rebalance_delay_ms = config.group_initial_rebalance_delay_ms,
      .offset_metadata_max_bytes = static_cast<size_t>(config.offset_metadata_max_bytes)};
  // Listening on every interface: advertise a name other machines can resolve.
  if (kafka_config.advertised_host.empty() &&
      (kafka_config.listen_host == "0.0.0.0" || kafka_config.listen_host == "::")) {
    char host_name[256] = {};
    if (gethostname(host_name, sizeof(host_name) - 1) == 0) {
      kafka_config.advertised_host = host_name;
    }
  }
  return kafka_config;
}

http::http_config make_http_config(const serve_config& config, std::string cluster_id) {
  return {.listen_host = config.http_listen_host,
          .listen_port = config.http_listen_port,
          .max_body_bytes = config.http_max_body_bytes,
          .request_memory_bytes = config.http_request_memory_bytes,
          .log_requests = config.http_log_requests,
          .push_stall_timeout_ms = config.http_push_stall_timeout_ms,
          .push_keep_alive_ms = config.http_push_keep_alive_ms,
          .push_subscribers_max = config.http_push_subscribers_max,
          .push_buffer_bytes_max = config.http_push_buffer_bytes_max,
          .node_id = config.node_id,
          .cluster_id = std::move(cluster_id),
          .data_directory = config.data_directory,
          .kafka_host = config.kafka_advertised_host.empty() ? config.kafka_listen_host
                                                             : config.kafka_advertised_host,
          .kafka_port = config.kafka_advertised_port == 0 ? config.kafka_listen_port
                                                          : config.kafka_advertised_port};
}

// Waits for SIGTERM/SIGINT, running housekeeping on its interval meanwhile.
void wait_for_shutdown(sigset_t& signals, cluster::topic_manager& topics,
                       eventstore::event_store& store, int64_t housekeeping_interval_ms) {
  auto next_housekeeping =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(housekeeping_interval_ms);
  while (true) {
    timespec wait{0, 200'000'000};
    int received = sigtimedwait(&signals, nullptr, &wait);
    if (received == SIGINT || received == SIGTERM) {
      spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
      return;
    }
    if (std::chrono::steady_clock::now() >= next_housekeeping) {
      auto housekeeping = topics.run_housekeeping();
      if (!housekeeping) {
        spdlog::error("housekeeping: {}", housekeeping.error_value().to_string());
      }
      // Deleted streams leave the store logs (GDPR), after retention and compaction ran.
      auto purged = store.purge_deleted_streams();
      if (!purged) {
        spdlog::error("event store purge: {}", purged.error_value().to_string());
      }
      next_housekeeping =
          std::chrono::steady_clock::now() + std::chrono::milliseconds(housekeeping_interval_ms);
    }
  }
}

}  // namespace

int run_serve(const serve_config& config) {
  auto started = std::chrono::steady_clock::now();
  sigset_t shutdown_signals = block_shutdown_signals();

  uint32_t shard_count = config.shard_count != 0
                             ? config.shard_count
                             : std::max(1u, std::thread::hardware_concurrency());
  io::file_system& fs = io::posix_file_system();
  auto lock = data_directory_lock::acquire(config.data_directory);
  if (!lock) {
    spdlog::critical("cannot open the data directory {}: {}", config.data_directory,
                     lock.error_value().message());
    return 1;
  }
  // The event store's index opens first: the topic manager guards store partitions with it.
  auto store = eventstore::event_store::open({.data_directory = config.data_directory});
  if (!store) {
    spdlog::critical("cannot open the event store index in {}: {}", config.data_directory,
                     store.error_value().message());
    return 1;
  }
  auto topics = cluster::topic_manager::open(
      fs, {.data_directory = config.data_directory,
           .shard_count = shard_count,
           .default_partition_count = config.default_partition_count,
           .auto_create_topics = config.auto_create_topics,
           .default_log_config = config.log_defaults,
           .producer_id_expiration_ms = config.producer_id_expiration_ms,
           .extensions = {(*store)->topic_extension()}});
  if (!topics) {
    spdlog::critical("cannot open the data directory {}: {}", config.data_directory,
                     topics.error_value().message());
    return 1;
  }
  auto cluster_id = cluster::load_or_create_cluster_id(fs, config.data_directory);
  if (!cluster_id) {
    spdlog::critical("{}", cluster_id.error_value().message());
    return 1;
  }

  kafka::kafka_server kafka(**topics, make_kafka_config(config, *cluster_id));
  // Every store's index catches up with its log before clients can write or read.
  auto attached = (*store)->attach(**topics, kafka.shards());
  if (!attached) {
    spdlog::critical("cannot open the event store: {}", attached.error_value().message());
    return 1;
  }
  auto listening = kafka.start();
  if (!listening) {
    spdlog::critical("{}", listening.error_value().message());
    return 1;
  }
  // Declared after `kafka`, so destroyed before the shards it runs on.
  http::http_server http(**topics, kafka.shards(), *kafka.groups(),
                         make_http_config(config, *cluster_id));
  http.context().store = store->get();  // the /v1/stores routes
  http.context().ready.storage_open = true;
  http.context().ready.kafka_listening = true;
  auto http_listening = http.start();
  if (!http_listening) {
    spdlog::critical("{}", http_listening.error_value().message());
    kafka.shutdown();
    return 1;
  }
  spdlog::info(
      "eventioz ready in {} ms: Kafka on {}:{}, HTTP and console on http://{}:{}/, data in {} "
      "({} topics), {} shards",
      milliseconds_since(started), config.kafka_listen_host, kafka.bound_port(),
      config.http_listen_host, http.bound_port(), config.data_directory, (*topics)->topics().size(),
      shard_count);

  wait_for_shutdown(shutdown_signals, **topics, **store, config.housekeeping_interval_ms);
  http.shutdown();
  http.context().ready.kafka_listening = false;
  kafka.shutdown();
  http.context().ready.storage_open = false;
  auto store_closed = (*store)->close();
  if (!store_closed) spdlog::error("event store: {}", store_closed.error_value().message());
  auto closed = (*topics)->close();
  if (!closed) {
    spdlog::error("shutdown was not clean: {}", closed.error_value().to_string());
    return 1;
  }
  spdlog::info("shutdown complete: every partition synced and closed cleanly");
  return 0;
}

}  // namespace eventioz::app
