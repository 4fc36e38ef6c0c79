// The long-lived sessions of each shard (HTTP connections, SSE and WebSocket subscriptions),
// so that shutdown can close them all.
//
// Each session registers on its own shard's thread and unregisters (in its destructor, say)
// on the same thread; close_all(shard) runs on that shard too. No lock: one set per shard,
// touched only by that shard's thread.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_set>
#include <vector>

namespace eventioz::http {

class closable_session {
 public:
  virtual ~closable_session() = default;
  // Stop soon: finish (or abandon) what is being written and close. Called on the session's
  // shard thread; the session must stay alive until its own handlers finish.
  virtual void close_for_shutdown() = 0;
};

class session_registry {
 public:
  explicit session_registry(uint32_t shard_count) : _per_shard(shard_count) {}

  void add(uint32_t shard, closable_session* session) { _per_shard.at(shard).insert(session); }
  void remove(uint32_t shard, closable_session* session) { _per_shard.at(shard).erase(session); }
  size_t count(uint32_t shard) const { return _per_shard.at(shard).size(); }

  // REQUIRES: on `shard`'s thread.
  void close_all(uint32_t shard) {
    // Copied: closing may unregister.
    std::vector<closable_session*> sessions(_per_shard.at(shard).begin(),
                                            _per_shard.at(shard).end());
    for (closable_session* session : sessions) session->close_for_shutdown();
  }

 private:
  std::vector<std::unordered_set<closable_session*>> _per_shard;
};

}  // namespace eventioz::http
