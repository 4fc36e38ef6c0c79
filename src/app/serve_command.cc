#include "app/serve_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>

#include "io/file_system.h"
#include "storage/log_manager.h"

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

}  // namespace

int run_serve(const serve_options& options) {
  auto started = std::chrono::steady_clock::now();
  sigset_t shutdown_signals = block_shutdown_signals();

  storage::log_manager_options storage_options;
  storage_options.data_directory = options.data_directory;
  auto logs = storage::log_manager::open(io::posix_file_system(), storage_options);
  if (!logs) {
    spdlog::critical("cannot open the data directory {}: {}", options.data_directory,
                     logs.error_value().message());
    return 1;
  }
  auto startup_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  spdlog::info("eventioz serving data directory {} ({} partitions) after {} ms",
               options.data_directory, (*logs)->partitions().size(), startup_ms);

  auto next_housekeeping = std::chrono::steady_clock::now() +
                           std::chrono::milliseconds(options.housekeeping_interval_ms);
  while (true) {
    timespec wait{1, 0};
    int received = sigtimedwait(&shutdown_signals, nullptr, &wait);
    if (received == SIGINT || received == SIGTERM) {
      spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
      break;
    }
    if (std::chrono::steady_clock::now() >= next_housekeeping) {
      auto housekeeping = (*logs)->run_housekeeping();
      if (!housekeeping) {
        spdlog::error("housekeeping: {}", housekeeping.error_value().to_string());
      }
      next_housekeeping = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(options.housekeeping_interval_ms);
    }
  }
  auto closed = (*logs)->close_all();
  if (!closed) {
    spdlog::error("shutdown was not clean: {}", closed.error_value().to_string());
    return 1;
  }
  spdlog::info("shutdown complete: every partition synced and closed cleanly");
  return 0;
}

}  // namespace eventioz::app
