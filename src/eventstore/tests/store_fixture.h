// A broker's worth of event store for tests: a topic manager on a temporary data directory,
// shards, and an event store attached to them, with synchronous helpers around the
// asynchronous calls. Reopening keeps the data directory (a restart).
#pragma once

#include <filesystem>
#include <future>
#include <memory>
#include <string>

#include "cluster/topic_manager.h"
#include "eventstore/event_store.h"
#include "io/shard_set.h"

namespace eventioz::eventstore::testing {

class store_fixture {
 public:
  store_fixture();
  ~store_fixture();

  // (Re)opens everything on the same data directory; `with_store` false opens the topics
  // without the event store (appends then bypass the guard, as if the index were behind).
  void open(bool with_store = true);
  void close();

  append_reply append(const std::string& store, const std::string& stream,
                      expected_version expected, std::vector<event_to_write> events);
  result<int64_t> delete_stream(const std::string& store, const std::string& stream);
  // A keyed record appended straight to the partition (a Kafka producer's write).
  result<offset> produce(const std::string& topic, int32_t partition, const std::string& key,
                         std::optional<std::string> value,
                         std::vector<model::record_header> headers = {});

  static event_to_write event(std::string type, std::string data, std::string id = "");

  const std::string& data() const { return _data; }
  event_store& store() { return *_store; }
  cluster::topic_manager& topics() { return *_topics; }

 private:
  std::string _root;
  std::string _data;
  std::unique_ptr<io::shard_set> _shards;
  std::unique_ptr<event_store> _store;
  std::unique_ptr<cluster::topic_manager> _topics;
};

}  // namespace eventioz::eventstore::testing
