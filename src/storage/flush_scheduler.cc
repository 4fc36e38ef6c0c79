#include "storage/flush_scheduler.h"

#include <pthread.h>

#include <thread>

namespace eventioz::storage {

flush_scheduler::flush_scheduler(size_t thread_count) {
  if (thread_count == 0) thread_count = 1;
  for (size_t i = 0; i < thread_count; ++i) {
    _threads.emplace_back([this] { run(); });
    pthread_setname_np(_threads.back().native_handle(), "eventioz-flush");
  }
}

flush_scheduler::~flush_scheduler() { stop(); }

bool flush_scheduler::submit(std::function<void()> job) {
  std::lock_guard lock(_mutex);
  if (_stopping) return false;
  _jobs.push_back(std::move(job));
  _queued.store(_jobs.size(), std::memory_order_release);
  _wake.notify_one();
  return true;
}

bool flush_scheduler::submit_after(std::chrono::milliseconds delay, std::function<void()> job) {
  std::lock_guard lock(_mutex);
  if (_stopping) return false;
  _delayed.emplace(std::chrono::steady_clock::now() + delay, std::move(job));
  _wake.notify_one();
  return true;
}

void flush_scheduler::stop() {
  {
    std::lock_guard lock(_mutex);
    _stopping = true;
  }
  _wake.notify_all();
  for (auto& thread : _threads) {
    if (thread.joinable()) thread.join();
  }
}

void flush_scheduler::run() {
  // After a job, poll briefly before sleeping: under a steady stream of group commits the next
  // job arrives within tens of microseconds, about what a futex wake-up costs.
  constexpr auto poll_period = std::chrono::microseconds(100);
  while (true) {
    auto poll_until = std::chrono::steady_clock::now() + poll_period;
    while (_queued.load(std::memory_order_acquire) == 0 &&
           std::chrono::steady_clock::now() < poll_until) {
      std::this_thread::yield();
    }
    std::function<void()> job;
    {
      std::unique_lock lock(_mutex);
      while (true) {
        auto now = std::chrono::steady_clock::now();
        while (!_delayed.empty() && (_stopping || _delayed.begin()->first <= now)) {
          _jobs.push_back(std::move(_delayed.begin()->second));
          _delayed.erase(_delayed.begin());
        }
        _queued.store(_jobs.size(), std::memory_order_release);
        if (!_jobs.empty() || _stopping) break;
        if (_delayed.empty()) {
          _wake.wait(lock);
        } else {
          // A copy: another thread may erase that entry while this one waits.
          auto due = _delayed.begin()->first;
          _wake.wait_until(lock, due);
        }
      }
      if (_jobs.empty()) return;  // stopping, and every queued job has run
      job = std::move(_jobs.front());
      _jobs.pop_front();
      _queued.store(_jobs.size(), std::memory_order_release);
    }
    job();
  }
}

}  // namespace eventioz::storage
