#include "client/broker_pool.h"

#include <fmt/format.h>

#include <thread>

#include "client/kafka_error.h"

namespace eventioz::client {

result<std::unique_ptr<broker_pool>> broker_pool::connect(const connection_options& options) {
  EVENTIOZ_ASSERT(!options.bootstrap.empty(), "no bootstrap address");
  std::unique_ptr<broker_pool> pool(new broker_pool(options));
  EVENTIOZ_TRY(pool->_bootstrap, pool->open_any_bootstrap());
  return pool;
}

result<std::unique_ptr<broker_connection>> broker_pool::open_any_bootstrap() {
  std::optional<error> last;
  for (const broker_address& address : _options.bootstrap) {
    auto opened = broker_connection::open(address, _options);
    if (opened) return std::move(opened).value();
    last = std::move(opened).error_value();
  }
  return *last;
}

result<broker_connection*> broker_pool::bootstrap() {
  if (!_bootstrap || !_bootstrap->is_open()) {
    EVENTIOZ_TRY(_bootstrap, open_any_bootstrap());
  }
  return _bootstrap.get();
}

result<broker_connection*> broker_pool::node(int32_t node_id) {
  auto existing = _nodes.find(node_id);
  if (existing != _nodes.end() && existing->second->is_open()) return existing->second.get();
  const broker_info* info = _metadata.broker(node_id);
  if (info == nullptr) {
    return error(errc::metadata_unavailable,
                 fmt::format("broker {} is not in the cluster's metadata", node_id));
  }
  auto opened = broker_connection::open(info->address(), _options);
  if (!opened && _metadata.brokers.size() == 1 && _bootstrap) {
    // A lone broker that advertises an address this machine cannot reach (a container's
    // name, say) is still the broker we bootstrapped from.
    opened = broker_connection::open(_bootstrap->address(), _options);
  }
  if (!opened) return std::move(opened).error_value();
  broker_connection* connection = opened->get();
  _nodes[node_id] = std::move(opened).value();
  return connection;
}

broker_connection* broker_pool::open_node(int32_t node_id) const {
  auto existing = _nodes.find(node_id);
  if (existing == _nodes.end() || !existing->second->is_open()) return nullptr;
  return existing->second.get();
}

result<const cluster_metadata*> broker_pool::refresh(
    const std::optional<std::vector<std::string>>& topics, bool allow_auto_create) {
  EVENTIOZ_TRY(broker_connection * connection, bootstrap());
  EVENTIOZ_TRY(_metadata, request_metadata(*connection, topics, allow_auto_create));
  return &_metadata;
}

result<const cluster_metadata*> broker_pool::wait_for_leaders(
    const std::vector<std::string>& topics, bool allow_auto_create) {
  deadline until = client_clock::now() + _options.request_timeout;
  // A topic created a moment ago may be unknown briefly; longer than that, it does not exist,
  // and the user should hear so at once rather than after the whole timeout.
  deadline unknown_until = client_clock::now() + std::chrono::seconds(2);
  auto pause = std::chrono::milliseconds(20);
  while (true) {
    EVENTIOZ_TRY(const cluster_metadata* metadata, refresh(topics, allow_auto_create));
    std::optional<error> missing;
    for (const std::string& name : topics) {
      const topic_metadata* topic = metadata->topic(name);
      int16_t code = topic == nullptr ? static_cast<int16_t>(kafka_errc::unknown_topic_or_partition)
                                      : topic->error_code;
      // A topic being created is reported unknown or leaderless for a moment: retriable.
      if (code != 0) {
        missing = kafka_error(code, fmt::format("looking up topic {}", name));
        bool unknown = code == static_cast<int16_t>(kafka_errc::unknown_topic_or_partition);
        if (!is_retriable(code) || (unknown && client_clock::now() > unknown_until)) {
          return *missing;
        }
        continue;
      }
      if (topic->partitions.empty()) {
        missing =
            error(errc::metadata_unavailable, fmt::format("topic {} has no partitions yet", name));
      }
      for (const partition_metadata& partition : topic->partitions) {
        if (partition.leader < 0 || partition.error_code != 0) {
          missing = error(errc::metadata_unavailable,
                          fmt::format("partition {} of topic {} has no leader (is the broker "
                                      "still starting?)",
                                      partition.partition, name));
        }
      }
    }
    if (!missing) return metadata;
    if (client_clock::now() + pause > until) return *missing;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

}  // namespace eventioz::client
