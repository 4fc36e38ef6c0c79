// Thread-per-core execution (design §4): one event loop per shard, each on its own thread.
//
// A shard owns the connections accepted onto it and the partitions hashed to it; work for a
// partition is posted to its owner with run_on(), and answers are posted back the same way, so
// one partition's operations run in order on one thread without locks in the data path.
//
// Lifecycle: construct, start(), ..., stop() (idempotent; joins the threads), then
// discard_pending_work() while everything the queued work refers to is still alive. After
// stop(), run_on() drops the work it is given (late completions from flush threads, say).
// Thread-safe.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace eventioz::io {

class shard_set {
 public:
  explicit shard_set(uint32_t shard_count);
  ~shard_set();

  void start();
  // Stops every loop and joins the threads; work still queued is dropped.
  void stop();

  uint32_t size() const { return static_cast<uint32_t>(_shards.size()); }
  boost::asio::io_context& context(uint32_t shard) { return _shards.at(shard)->context; }

  // Stops the shards if still running, then destroys the event loops and the work still
  // queued on them.
  void discard_pending_work();

  template <class Function>
  void run_on(uint32_t shard, Function&& work) {
    if (_stopped.load()) return;
    boost::asio::post(context(shard), std::forward<Function>(work));
  }

  // The shard whose thread is calling, or UINT32_MAX from any other thread.
  static uint32_t current_shard();

 private:
  struct shard {
    boost::asio::io_context context{1};
    std::unique_ptr<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
        keep_running;
    std::thread thread;
  };

  std::vector<std::unique_ptr<shard>> _shards;
  bool _started = false;
  std::atomic<bool> _stopped{false};
};

}  // namespace eventioz::io
