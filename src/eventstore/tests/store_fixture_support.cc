// The event store test fixture (see store_fixture.h).
#include <gtest/gtest.h>

#include "eventstore/tests/store_fixture.h"

namespace eventioz::eventstore::testing {

store_fixture::store_fixture() {
  char pattern[] = "/tmp/eventioz-eventstore-XXXXXX";
  EXPECT_NE(mkdtemp(pattern), nullptr);
  _root = pattern;
  _data = _root + "/data";
}

store_fixture::~store_fixture() {
  close();
  std::filesystem::remove_all(_root);
}

void store_fixture::open(bool with_store) {
  close();
  cluster::topic_manager_options options{.data_directory = _data, .shard_count = 2};
  if (with_store) {
    auto opened = event_store::open({.data_directory = _data});
    ASSERT_TRUE(opened.ok()) << opened.error_value();
    _store = std::move(*opened);
    options.extensions.push_back(_store->topic_extension());
  } else {
    // The store's configs must still be accepted, without its guard.
    options.extensions.push_back(store_config_extension());
  }
  auto topics = cluster::topic_manager::open(io::posix_file_system(), options);
  ASSERT_TRUE(topics.ok()) << topics.error_value();
  _topics = std::move(*topics);
  _shards = std::make_unique<io::shard_set>(2);
  _shards->start();
  if (_store) {
    status attached = _store->attach(*_topics, *_shards);
    EXPECT_TRUE(attached.ok()) << attached.error_value();
  }
}

void store_fixture::close() {
  if (_store) {
    EXPECT_TRUE(_store->close().ok());
  }
  if (_shards) _shards->stop();
  if (_topics) {
    EXPECT_TRUE(_topics->close().ok());
  }
  _topics.reset();
  _store.reset();
  _shards.reset();
}

append_reply store_fixture::append(const std::string& store, const std::string& stream,
                                   expected_version expected, std::vector<event_to_write> events) {
  std::promise<append_reply> answered;
  _store->append(
      {.store = store, .stream = stream, .expected = expected, .events = std::move(events)},
      [&](append_reply reply) { answered.set_value(std::move(reply)); });
  return answered.get_future().get();
}

result<int64_t> store_fixture::delete_stream(const std::string& store, const std::string& stream) {
  std::promise<result<int64_t>> answered;
  _store->delete_stream(store, stream,
                        [&](result<int64_t> outcome) { answered.set_value(std::move(outcome)); });
  return answered.get_future().get();
}

result<offset> store_fixture::produce(const std::string& topic, int32_t index,
                                      const std::string& key, std::optional<std::string> value,
                                      std::vector<model::record_header> headers) {
  model::record_to_write record;
  record.key = byte_buffer(key.begin(), key.end());
  if (value) record.value = byte_buffer(value->begin(), value->end());
  record.headers = std::move(headers);
  record.timestamp = 1000;
  EVENTIOZ_TRY(byte_buffer batch, model::build_batch({record}, {}));
  EVENTIOZ_TRY(auto partition, _topics->get_partition(topic, index));
  std::promise<result<offset>> answered;
  mutable_byte_span span(batch);
  partition->append(std::span<const mutable_byte_span>(&span, 1),
                    [&](result<offset> base) { answered.set_value(std::move(base)); });
  return answered.get_future().get();
}

event_to_write store_fixture::event(std::string type, std::string data, std::string id) {
  event_to_write written;
  written.type = std::move(type);
  written.data = std::move(data);
  written.id = std::move(id);
  return written;
}

}  // namespace eventioz::eventstore::testing
