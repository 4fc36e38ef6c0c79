// Thread-per-core execution (design §4): one event loop per shard, each on its own thread.
//
// A shard owns the connections accepted onto it and the partitions hashed to it; work for a
// partition is posted to its owner with run_on(), and answers are posted back the same way, so
// one partition's operations run in order on one thread without locks in the data path.
//
// Lifecycle: construct, start(), ..., stop() (idempotent; joins the threads). Thread-safe.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace eventioz::kafka {

class shard_set {
 public:
  explicit shard_set(uint32_t shard_count);
  ~shard_set();

  void start();
  // Stops every loop and joins the threads; work still queued is dropped.
  void stop();

  uint32_t size() const { return static_cast<uint32_t>(_shards.size()); }
  boost::asio::io_context& context(uint32_t shard) { return _shards.at(shard)->context; }

  template <class Function>
  void run_on(uint32_t shard, Function&& work) {
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
};

}  // namespace eventioz::kafka
