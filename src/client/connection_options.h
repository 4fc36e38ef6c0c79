// How the client reaches brokers, shared by the admin client, the producer and the consumer.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "client/broker_address.h"

namespace eventioz::client {

struct connection_options {
  // Where to start; the rest of the cluster is learned from Metadata.
  std::vector<broker_address> bootstrap{{"127.0.0.1", 9092}};
  std::string client_id = "eventioz";
  std::chrono::milliseconds connect_timeout{5'000};
  // How long to wait for an answer (a fetch also waits its max_wait on top of this).
  std::chrono::milliseconds request_timeout{30'000};
  // Answers larger than this are refused before their bytes are read: a corrupt or hostile
  // size prefix must not make the client allocate gigabytes.
  size_t response_size_max_bytes = 256u << 20;
};

}  // namespace eventioz::client
