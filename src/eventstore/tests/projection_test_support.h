// A real topic manager on a temporary data directory with event stores in it, and appends of
// events to them, for the projection tests.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cluster/topic_manager.h"

namespace eventioz::eventstore::testing {

struct test_event {
  std::string stream;
  std::string type;
  std::optional<nlohmann::json> data;  // nullopt: a tombstone (null value)
};

class store_topics {
 public:
  // On a new temporary data directory, removed by the destructor.
  store_topics();
  // On `data_directory`, which is left in place (another process's, for crash tests).
  explicit store_topics(std::string data_directory);
  ~store_topics();

  // Closes the topic manager (cleanly) and opens it again on the same directory.
  void close_topics();
  void open_topics();

  const std::string& data_directory() const { return _data; }
  std::string eventstore_directory() const { return _data + "/eventstore"; }
  cluster::topic_manager& topics() { return *_topics; }
  // Called when the topic manager deletes a topic (the event store's hook).
  std::function<void(const std::string&)> on_topic_deleted;

  void create_store(const std::string& name, int32_t partitions);
  void create_plain_topic(const std::string& name);
  // Appends `events` to partition `partition` of `store` in one batch; waits until durable.
  void append(const std::string& store, int32_t partition, const std::vector<test_event>& events);

 private:
  std::string _root;  // removed by the destructor when set
  std::string _data;
  std::unique_ptr<cluster::topic_manager> _topics;
};

// Polls `condition` until it holds or `timeout` passes; whether it held.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace eventioz::eventstore::testing
