// Starting and stopping the shard threads.
#include "io/shard_set.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <string>

namespace eventioz::io {
namespace {

thread_local uint32_t current_shard_index = UINT32_MAX;

}  // namespace

shard_set::shard_set(uint32_t shard_count) {
  for (uint32_t index = 0; index < std::max<uint32_t>(shard_count, 1); ++index) {
    _shards.push_back(std::make_unique<shard>());
  }
}

shard_set::~shard_set() { stop(); }

void shard_set::start() {
  if (_started) return;
  _started = true;
  for (uint32_t index = 0; index < _shards.size(); ++index) {
    shard& each = *_shards[index];
    each.keep_running =
        std::make_unique<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
            each.context.get_executor());
    each.thread = std::thread([&each, index] {
      current_shard_index = index;
      std::string name = "shard-" + std::to_string(index);
      pthread_setname_np(pthread_self(), name.c_str());
      each.context.run();
    });
  }
}

void shard_set::stop() {
  _stopped = true;
  for (auto& each : _shards) {
    each->keep_running.reset();
    each->context.stop();
  }
  for (auto& each : _shards) {
    if (each->thread.joinable()) each->thread.join();
  }
}

void shard_set::discard_pending_work() {
  stop();  // idempotent; also covers shards that never started (a listener that failed)
  // Destroying a loop destroys its queued handlers; what they hold (connections, requests)
  // goes with them, and anything they post is dropped by run_on.
  for (auto& each : _shards) each.reset();
  _shards.clear();
}

uint32_t shard_set::current_shard() { return current_shard_index; }

}  // namespace eventioz::io
