// What every route may use: the topics, the consumer groups, the event store, the shards, the
// settings, the routes and the state of the process.
//
// Shared: http_server creates it, and every connection and session holds it
// (shared_from_this), so it outlives the last of them even when one is destroyed after the
// server, with the shards' leftover work (a request still being read at the end of the
// shutdown drain, say). What it refers to (topics, groups, shards) outlives that work.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "cluster/topic_manager.h"
#include "groups/group_coordinator.h"
#include "http/byte_budget.h"
#include "http/http_config.h"
#include "http/push_probe.h"
#include "http/router.h"
#include "http/session_registry.h"
#include "io/shard_set.h"

namespace eventioz::eventstore {
class event_store;
}

namespace eventioz::http {

// What /readyz reports; set by `eventioz serve` as things come up and go down.
struct readiness {
  std::atomic<bool> storage_open{false};
  std::atomic<bool> kafka_listening{false};
  std::atomic<bool> http_listening{false};
};

struct http_context : std::enable_shared_from_this<http_context> {
  http_context(cluster::topic_manager& topics, io::shard_set& shards,
               groups::group_coordinator& groups, http_config config)
      : topics(topics),
        shards(shards),
        groups(groups),
        config(std::move(config)),
        request_memory(this->config.request_memory_bytes),
        sessions(shards.size()) {}

  cluster::topic_manager& topics;
  io::shard_set& shards;
  groups::group_coordinator& groups;
  // The event store (the /v1/stores routes); set by `eventioz serve` before the server starts.
  // Null: those routes answer 503 event-store-unavailable.
  eventstore::event_store* store = nullptr;
  const http_config config;
  readiness ready;
  byte_budget request_memory;  // request bodies held now, over every connection
  session_registry sessions;
  push_probe push;  // push subscribers (the eventioz_push_subscribers gauge)
  router routes;    // built once by http_server, then only read
  // Set by shutdown: connections answer what they are serving and close.
  std::atomic<bool> draining{false};
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

}  // namespace eventioz::http
