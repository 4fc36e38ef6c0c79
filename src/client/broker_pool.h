// The brokers of one cluster as a client sees them: a bootstrap connection (for metadata and
// admin requests), the latest metadata, and one connection per broker that leads a partition
// the client uses, opened on first use and reopened after a failure.
//
// Owned by one admin client, producer or consumer; single-threaded.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/broker_connection.h"
#include "client/cluster_metadata.h"
#include "client/connection_options.h"

namespace eventioz::client {

class broker_pool {
 public:
  // Connects to the first bootstrap address that answers. REQUIRES: at least one address.
  static result<std::unique_ptr<broker_pool>> connect(const connection_options& options);

  const connection_options& options() const { return _options; }

  // The bootstrap connection, reopened (to any bootstrap address) if it broke.
  result<broker_connection*> bootstrap();

  // The connection to broker `node_id`, as the latest metadata locates it.
  result<broker_connection*> node(int32_t node_id);

  // The open connection to `node_id`, or null (never opens one: a caller waiting for answers
  // on a connection must not be handed a new one).
  broker_connection* open_node(int32_t node_id) const;

  // Fetches metadata for `topics` (nullopt: all) and keeps it.
  result<const cluster_metadata*> refresh(const std::optional<std::vector<std::string>>& topics,
                                          bool allow_auto_create = false);

  // Fetches metadata for `topics` until each exists and every partition has a leader, for up
  // to the request timeout (a topic created a moment ago may not have leaders yet). A topic
  // that does not exist fails with UNKNOWN_TOPIC_OR_PARTITION.
  result<const cluster_metadata*> wait_for_leaders(const std::vector<std::string>& topics,
                                                   bool allow_auto_create = false);

  const cluster_metadata& metadata() const { return _metadata; }

 private:
  explicit broker_pool(const connection_options& options) : _options(options) {}

  result<std::unique_ptr<broker_connection>> open_any_bootstrap();

  connection_options _options;
  std::unique_ptr<broker_connection> _bootstrap;
  std::map<int32_t, std::unique_ptr<broker_connection>> _nodes;
  cluster_metadata _metadata;
};

}  // namespace eventioz::client
