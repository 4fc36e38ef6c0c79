// The producer settings `eventioz produce` and `eventioz bench produce` share.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "app/client_flags.h"
#include "client/producer.h"

namespace eventioz::app {

struct producer_flags {
  std::string acks = "all";
  std::string compression = "none";
  int32_t batch_bytes = 16 * 1024;
  int32_t linger_ms = 5;
  int32_t max_in_flight = 5;
};

void add_producer_flags(CLI::App& command, producer_flags& flags);

// Checks the flags (acks, codec) and fills the producer's options.
result<client::producer_options> producer_options_from(const client_flags& client,
                                                       const producer_flags& flags);

}  // namespace eventioz::app
