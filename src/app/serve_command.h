// `eventioz serve`: runs the platform on this machine until SIGTERM or SIGINT.
#pragma once

#include <cstdint>
#include <string>

namespace eventioz::app {

struct serve_options {
  std::string data_directory = "data";
  // How often retention, compaction and checkpoints run (Kafka's
  // log.retention.check.interval.ms).
  int64_t housekeeping_interval_ms = 5 * 60 * 1000;
};

// Returns the process exit code.
int run_serve(const serve_options& options);

}  // namespace eventioz::app
