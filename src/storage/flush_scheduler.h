// A small pool of threads that runs the fsyncs of every log in a data directory, so that a
// shard's event loop never blocks on the disk (design.md section 4). Each log submits at most
// one flush job at a time; appends that arrive while it runs are covered by the next job, which
// is what makes concurrent appends share one fdatasync (group commit).
//
// Thread-safe. stop() runs what is queued; jobs submitted after it are refused (submit returns
// false) — never run inline, since submitters may hold locks the job takes. Logs must be closed
// before their scheduler stops (log_manager does so).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace eventioz::storage {

class flush_scheduler {
 public:
  explicit flush_scheduler(size_t thread_count);
  ~flush_scheduler();

  flush_scheduler(const flush_scheduler&) = delete;
  flush_scheduler& operator=(const flush_scheduler&) = delete;

  bool submit(std::function<void()> job);

  // Runs `job` once `delay` has passed (flush.ms). Before stop(), every delayed job runs.
  bool submit_after(std::chrono::milliseconds delay, std::function<void()> job);

  // Runs the queued jobs, then stops the threads. Idempotent.
  void stop();

 private:
  void run();

  std::mutex _mutex;
  std::condition_variable _wake;
  std::deque<std::function<void()>> _jobs;
  std::atomic<size_t> _queued{0};  // _jobs.size(), readable without the mutex
  std::multimap<std::chrono::steady_clock::time_point, std::function<void()>> _delayed;
  bool _stopping = false;
  std::vector<std::thread> _threads;
};

}  // namespace eventioz::storage
